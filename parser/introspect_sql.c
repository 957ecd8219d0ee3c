/* introspect_sql.c: the bulk catalog queries of live introspection, one per
 * object kind, each run once whatever the number of objects.  Each body
 * follows the common ns/rel CTEs of introspect.c (see introspect_int.h);
 * the text forms come from the server's own deparsers (format_type,
 * pg_get_expr, pg_get_indexdef, pg_get_viewdef...) so the IR is in
 * PostgreSQL's normal form. */
#include "introspect_int.h"

#define NOT_EXTENSION_MEMBER(catalog, oid)                                                                \
    " not exists (select 1 from pg_depend dx where dx.classid = '" catalog "'::regclass"                  \
    " and dx.objid = " oid " and dx.deptype = 'e') "

/* A relation's reloptions as flatten_reloptions() prints them in
 * pg_get_indexdef's WITH (...): name=value, the value quoted unless it is
 * an identifier that needs no quotes. */
#define RELOPTIONS(reloptions)                                                                            \
    "(select string_agg(quote_ident(o.option_name) || '=' || case when quote_ident(o.option_value)"      \
    " = o.option_value then o.option_value else quote_literal(o.option_value) end, ', ')"               \
    " from pg_options_to_table(" reloptions ") o)"

static const char SQL_SCHEMAS[] =
    "select n.oid, n.nspname, obj_description(n.oid, 'pg_namespace') as comment from ns n";

/* Tables, views, sequences: one row each, with what their kind needs. */
static const char SQL_RELATIONS[] =
    "select c.oid, r.nspname, r.relname, r.relkind, c.relpersistence, c.relrowsecurity,\n"
    "  c.relforcerowsecurity, d.description as comment,\n"
    "  case when r.relkind in ('v', 'm') then pg_get_viewdef(c.oid, true) end as viewdef,\n"
    "  case when r.relkind = 'p' then pg_get_partkeydef(c.oid) end as partkey,\n"
    "  case when c.relispartition then (select format('%I.%I', pn.nspname, pc.relname)\n"
    "     from pg_inherits i join pg_class pc on pc.oid = i.inhparent\n"
    "     join pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid) end as parent,\n"
    "  case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as bound,\n"
    "  format_type(s.seqtypid, null) as seqtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax,\n"
    "  s.seqcache, s.seqcycle, own.relname as owned_table, own.attname as owned_column\n"
    "from rel r join pg_class c on c.oid = r.oid\n"
    "left join pg_description d on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0\n"
    "left join pg_sequence s on s.seqrelid = c.oid\n"
    "left join lateral (select c2.relname, a.attname from pg_depend dp\n"
    "     join pg_class c2 on c2.oid = dp.refobjid\n"
    "     join pg_attribute a on a.attrelid = dp.refobjid and a.attnum = dp.refobjsubid\n"
    "     where r.relkind = 'S' and dp.classid = 'pg_class'::regclass and dp.objid = c.oid\n"
    "       and dp.deptype in ('a', 'i') limit 1) own on true\n"
    "order by c.oid";

/* Columns of tables and views, in attnum order; the element type's name and
 * schema for user types.  pg_get_expr(expr, rel) opens the relation (and so
 * builds its relcache entry) to name its Vars; a default has
 * none (only a generated column's expression has), and given relation 0
 * pg_get_expr prints the same text without opening anything. */
static const char SQL_COLUMNS[] =
    "select a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) as type,\n"
    "  et.typname as etypname, etn.nspname as etypschema, et.typtype as etyptype,\n"
    "  a.attnotnull, a.attidentity, a.attgenerated,\n"
    "  case when a.atthasdef then (select pg_get_expr(ad.adbin,\n"
    "       case when strpos(ad.adbin::text, '{VAR ') = 0 then 0 else ad.adrelid end)\n"
    "     from pg_attrdef ad where ad.adrelid = a.attrelid and ad.adnum = a.attnum) end as defexpr,\n"
    "  case when a.attcollation <> t.typcollation and a.attcollation <> 0 then co.collname end as collation,\n"
    "  d.description as comment\n"
    "from rel r join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped\n"
    "join pg_type t on t.oid = a.atttypid\n"
    "join pg_type et on et.oid = case when t.typtype = 'b' and t.typcategory = 'A' and t.typelem <> 0\n"
    "                                 then t.typelem else t.oid end\n"
    "join pg_namespace etn on etn.oid = et.typnamespace\n"
    "left join pg_collation co on co.oid = a.attcollation\n"
    "left join pg_description d on d.objoid = a.attrelid and d.classoid = 'pg_class'::regclass\n"
    "  and d.objsubid = a.attnum\n"
    "where r.relkind in ('r', 'p', 'f', 'v', 'm')\n"
    "order by a.attrelid, a.attnum";

/* Constraints of tables.  Key columns go as attnums (conkey, and the
 * backing index's indkey for INCLUDE), named by the loader from the columns
 * query, not by a subquery a row; names are sent (ref_names) only for a
 * foreign key to a table outside the schemas read.  CHECK text comes from
 * pg_get_constraintdef, which unlike pg_get_expr does not open the table. */
static const char SQL_CONSTRAINTS[] =
    "select c.conrelid, c.conname, c.contype, c.condeferrable, c.condeferred, c.convalidated,\n"
    "  c.connoinherit, c.confupdtype, c.confdeltype, c.confmatchtype, c.conkey, c.confrelid, c.confkey,\n"
    "  fn.nspname as ref_schema, fc.relname as ref_table,\n"
    "  case when c.contype = 'f' and c.confrelid not in (select oid from rel) then\n"
    "    array(select a.attname from unnest(c.confkey) with ordinality k(n, i)\n"
    "          join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) end as ref_names,\n"
    "  x.indkey, x.indnkeyatts, coalesce(@indnullsnotdistinct@, false) as nulls_not_distinct,\n"
    "  case when ic.reloptions is not null then " RELOPTIONS("ic.reloptions") " end as index_options,\n"
    "  case when c.contype in ('c', 'x') then pg_get_constraintdef(c.oid) end as definition,\n"
    "  d.description as comment\n"
    "from rel r join pg_constraint c on c.conrelid = r.oid\n"
    "left join pg_class fc on fc.oid = c.confrelid\n"
    "left join pg_namespace fn on fn.oid = fc.relnamespace\n"
    "left join pg_index x on x.indexrelid = c.conindid and c.contype in ('p', 'u')\n"
    "left join pg_class ic on ic.oid = x.indexrelid\n"
    "left join pg_description d on d.objoid = c.oid and d.classoid = 'pg_constraint'::regclass\n"
    "where r.relkind in ('r', 'p', 'f') and c.contype in ('p', 'u', 'f', 'c', 'x')\n"
    "order by c.conrelid, c.conname";

/* Indexes that back no primary key, unique or exclusion constraint: one
 * row per index column (k).  pg_get_indexdef() is slow (~70 us an index),
 * so the whole definition is fetched only when an element may print more
 * than its column name: an expression, a collation other than the
 * column's, or an operator class that may not be the type's default.
 * defopc holds the sure cases of GetDefaultOpClass(type, am): the default
 * class for the type itself; else, among the default classes of the types
 * it is implicitly binary-coercible to, the one for its category's
 * preferred type, or the only one (varchar -> text_ops); enums and arrays
 * (not in pg_cast) take the class for anyenum / anyarray when they have no
 * class of their own.  (typid, opcmethod) is unique in defopc: joined, not
 * probed a row.  Starts with ", defopc": it continues the CTE list.
 * Comments come from a join, not obj_description() (an SQL function call
 * a row); key numbers from unnest(indkey), which the planner sizes better
 * than generate_series. */
static const char SQL_INDEXES[] =
    ", defopc as materialized (\n"
    "  select o.opcintype as typid, o.opcmethod, o.oid as opc from pg_opclass o where o.opcdefault\n"
    "  union all\n"
    "  select c.castsource, o.opcmethod,\n"
    "    coalesce(min(o.oid) filter (where tt.typispreferred and tt.typcategory = st.typcategory),\n"
    "             min(o.oid)) from pg_cast c\n"
    "  join pg_opclass o on o.opcdefault and o.opcintype = c.casttarget\n"
    "  join pg_type st on st.oid = c.castsource join pg_type tt on tt.oid = c.casttarget\n"
    "  where c.castmethod = 'b' and c.castcontext = 'i' and st.typtype = 'b' and st.typcategory <> 'A'\n"
    "    and not exists (select 1 from pg_opclass o2 where o2.opcmethod = o.opcmethod\n"
    "                    and o2.opcdefault and o2.opcintype = c.castsource)\n"
    "  group by c.castsource, o.opcmethod\n"
    "  having count(*) filter (where tt.typispreferred and tt.typcategory = st.typcategory) = 1\n"
    "      or count(*) = 1),\n"
    "keys as (\n"
    "  select x.indexrelid, x.indrelid, r.nspname, i.relname as name, r.relname as tbl, am.amname,\n"
    "    x.indisunique, @indnullsnotdistinct@ as nnd, x.indisvalid, x.indnkeyatts, k.k::int as k,\n"
    "    k.attnum, pa.attname, x.indoption[k.k - 1] as opt, i.reloptions, x.indpred,\n"
    "    ds.description as comment,\n"
    "    bool_or(k.attnum = 0 or (k.k <= x.indnkeyatts and (x.indcollation[k.k - 1] <> pa.attcollation\n"
    "      or x.indclass[k.k - 1] is distinct from coalesce(d1.opc, d2.opc))))\n"
    "      over (partition by x.indexrelid) as needs_def\n"
    "  from rel r join pg_index x on x.indrelid = r.oid\n"
    "  join pg_class i on i.oid = x.indexrelid\n"
    "  join pg_am am on am.oid = i.relam\n"
    "  cross join lateral unnest(x.indkey::int2[]) with ordinality k(attnum, k)\n"
    "  left join pg_attribute pa on pa.attrelid = x.indrelid and pa.attnum = k.attnum\n"
    "  left join pg_type pt on pt.oid = pa.atttypid\n"
    "  left join defopc d1 on d1.opcmethod = i.relam\n"
    "    and d1.typid = case when pt.typtype = 'd' then pt.typbasetype else pt.oid end\n"
    "  left join defopc d2 on d2.opcmethod = i.relam\n"
    "    and d2.typid = case when pt.typtype = 'e' then 'anyenum'::regtype\n"
    "                        when pt.typcategory = 'A' and pt.typelem <> 0 then 'anyarray'::regtype end\n"
    "  left join pg_description ds on ds.objoid = x.indexrelid and ds.classoid = 'pg_class'::regclass\n"
    "    and ds.objsubid = 0\n"
    "  where r.relkind in ('r', 'p', 'm')\n"
    "    and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid\n"
    "                    and c.conrelid = x.indrelid and c.contype in ('p', 'u', 'x')))\n"
    "select ky.indexrelid, ky.nspname, ky.name, ky.tbl, ky.amname, ky.indisunique, ky.nnd, ky.indisvalid,\n"
    "  ky.indnkeyatts, ky.k, ky.attnum, ky.attname, ky.opt,\n"
    "  case when ky.attnum = 0 then pg_get_indexdef(ky.indexrelid, ky.k, false)\n"
    "       else quote_ident(ky.attname) end as keytext,\n"
    "  case when ky.k = 1 and ky.needs_def then pg_get_indexdef(ky.indexrelid) end as def,\n"
    "  case when ky.k = 1 then pg_get_expr(ky.indpred, ky.indrelid) end as pred,\n"
    "  case when ky.k = 1 then ky.comment end as comment,\n"
    "  case when ky.k = 1 and ky.reloptions is not null then " RELOPTIONS("ky.reloptions") " end as options\n"
    "from keys ky\n"
    "order by ky.indexrelid, ky.k";

/* Enums: one row per label, in enumsortorder. */
static const char SQL_ENUMS[] =
    "select t.oid, n.nspname, t.typname, e.enumlabel, obj_description(t.oid, 'pg_type') as comment\n"
    "from pg_type t join ns n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid\n"
    "where t.typtype = 'e' and" NOT_EXTENSION_MEMBER("pg_type", "t.oid") "\n"
    "order by t.oid, e.enumsortorder";

/* Domains, standalone composite types, ranges and multiranges, with a
 * CREATE statement built from the catalog. */
static const char SQL_TYPES[] =
    "select n.nspname, t.typname, t.typtype, obj_description(t.oid, 'pg_type') as comment,\n"
    "  case t.typtype\n"
    "  when 'd' then format('CREATE DOMAIN %I.%I AS %s', n.nspname, t.typname,\n"
    "      format_type(t.typbasetype, t.typtypmod))\n"
    "    || coalesce((select ' COLLATE ' || quote_ident(co.collname) from pg_collation co\n"
    "                 where co.oid = t.typcollation and t.typcollation <> bt.typcollation), '')\n"
    "    || coalesce(' DEFAULT ' || t.typdefault, '')\n"
    "    || case when t.typnotnull then ' NOT NULL' else '' end\n"
    "    || coalesce((select string_agg(format(' CONSTRAINT %I %s', k.conname, pg_get_constraintdef(k.oid)),\n"
    "                 '' order by k.conname) from pg_constraint k where k.contypid = t.oid), '')\n"
    "  when 'c' then format('CREATE TYPE %I.%I AS (%s)', n.nspname, t.typname,\n"
    "      (select string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '\n"
    "              order by a.attnum) from pg_attribute a\n"
    "       where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped))\n"
    "  when 'r' then (select format('CREATE TYPE %I.%I AS RANGE (SUBTYPE = %s%s)', n.nspname, t.typname,\n"
    "      format_type(g.rngsubtype, null),\n"
    "      case when g.rngsubdiff <> 0 then ', SUBTYPE_DIFF = ' || g.rngsubdiff::regproc::text else '' end)\n"
    "    from pg_range g where g.rngtypid = t.oid)\n"
    "  else (select format('-- multirange of %s', format_type(g.rngtypid, null))\n"
    "    from pg_range g where g.rngmultitypid = t.oid)\n"
    "  end as definition\n"
    "from pg_type t join ns n on n.oid = t.typnamespace\n"
    "left join pg_type bt on bt.oid = t.typbasetype\n"
    "left join pg_class tc on tc.oid = t.typrelid\n"
    "where t.typtype in ('c', 'd', 'r', 'm') and (t.typrelid = 0 or tc.relkind = 'c')\n"
    "  and" NOT_EXTENSION_MEMBER("pg_type", "t.oid") "\n"
    "order by n.nspname, t.typname";

/* Functions, procedures and aggregates. */
static const char SQL_FUNCTIONS[] =
    "select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) as identity, p.prokind,\n"
    "  case when p.prokind <> 'a' then pg_get_functiondef(p.oid)\n"
    "       else (select format('CREATE AGGREGATE %I.%I(%s) (SFUNC = %s, STYPE = %s%s%s)', n.nspname,\n"
    "               p.proname, pg_get_function_identity_arguments(p.oid), g.aggtransfn::regproc,\n"
    "               format_type(g.aggtranstype, null),\n"
    "               case when g.aggfinalfn <> 0 then ', FINALFUNC = ' || g.aggfinalfn::regproc::text else '' end,\n"
    "               coalesce(', INITCOND = ' || quote_literal(g.agginitval), ''))\n"
    "             from pg_aggregate g where g.aggfnoid = p.oid) end as definition,\n"
    "  obj_description(p.oid, 'pg_proc') as comment\n"
    "from pg_proc p join ns n on n.oid = p.pronamespace\n"
    "where" NOT_EXTENSION_MEMBER("pg_proc", "p.oid") "\n"
    "order by n.nspname, p.proname, 3";

static const char SQL_TRIGGERS[] =
    "select r.nspname, r.relname, tg.tgname, pg_get_triggerdef(tg.oid) as definition,\n"
    "  obj_description(tg.oid, 'pg_trigger') as comment\n"
    "from rel r join pg_trigger tg on tg.tgrelid = r.oid\n"
    "where not tg.tgisinternal\n"
    "order by r.nspname, r.relname, tg.tgname";

static const char SQL_POLICIES[] =
    "select r.nspname, r.relname, p.polname,\n"
    "  format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s', p.polname, r.nspname, r.relname,\n"
    "    case when p.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end,\n"
    "    case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'\n"
    "                  when 'd' then 'DELETE' else 'ALL' end,\n"
    "    case when p.polroles = '{0}' then 'PUBLIC'\n"
    "         else (select string_agg(quote_ident(ro.rolname), ', ' order by ro.rolname)\n"
    "               from pg_roles ro where ro.oid = any(p.polroles)) end)\n"
    "  || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')\n"
    "  || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') as definition,\n"
    "  obj_description(p.oid, 'pg_policy') as comment\n"
    "from rel r join pg_policy p on p.polrelid = r.oid\n"
    "order by r.nspname, r.relname, p.polname";

static const char SQL_RULES[] =
    "select r.nspname, r.relname, w.rulename, pg_get_ruledef(w.oid) as definition,\n"
    "  obj_description(w.oid, 'pg_rewrite') as comment\n"
    "from rel r join pg_rewrite w on w.ev_class = r.oid\n"
    "where w.rulename <> '_RETURN'\n"
    "order by r.nspname, r.relname, w.rulename";

/* Extensions are database-wide: all of them, whatever schemas are in scope
 * (plpgsql, always there, left out). */
static const char SQL_EXTENSIONS[] =
    "select e.extname, n.nspname, e.extversion, obj_description(e.oid, 'pg_extension') as comment\n"
    "from pg_extension e join pg_namespace n on n.oid = e.extnamespace\n"
    "where e.extname <> 'plpgsql'\n"
    "order by e.extname";

const SdIntroQuery sd_intro_queries[] = {
    {"schemas", SQL_SCHEMAS, sd_intro_load_schemas},
    {"relations", SQL_RELATIONS, sd_intro_load_relations},
    {"columns", SQL_COLUMNS, sd_intro_load_columns},
    {"constraints", SQL_CONSTRAINTS, sd_intro_load_constraints},
    {"indexes", SQL_INDEXES, sd_intro_load_indexes},
    {"enums", SQL_ENUMS, sd_intro_load_enums},
    {"types", SQL_TYPES, sd_intro_load_types},
    {"functions", SQL_FUNCTIONS, sd_intro_load_functions},
    {"triggers", SQL_TRIGGERS, sd_intro_load_triggers},
    {"policies", SQL_POLICIES, sd_intro_load_policies},
    {"rules", SQL_RULES, sd_intro_load_rules},
    {"extensions", SQL_EXTENSIONS, sd_intro_load_extensions},
};
const size_t sd_intro_nqueries = SD_ARRAY_LEN(sd_intro_queries);
