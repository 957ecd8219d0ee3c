#!/usr/bin/env bash
# psl_large: a schema large enough for the validator's two threads (its native-type
# checks beside its model checks, from 500 models) reports what one thread would: the
# diagnostics in pipeline order (native types, then model checks), exit 2; the same
# schema without the errors lowers to every table.  Also run under ASan+UBSan by CI.
# (Emit's two halves are checked against one thread by tests/unit/test_emit.c.)
# Needs python3 (bench/gen_schema.py).
set -uo pipefail
bin=${SD_BIN:?}; tmp=${SD_TMP:?}; src=${SD_SRC:?}; fail=0
check() { if eval "$2"; then :; else echo "FAIL $1"; fail=1; fi; }
python3 "$src/bench/gen_schema.py" 600 >"$tmp/ok.prisma"
python3 - "$tmp/ok.prisma" "$tmp/bad.prisma" <<'PY'
import sys
s = open(sys.argv[1]).read()
head = 'model M%d {\n  id        Int      @id @default(autoincrement())\n  name      String   @db.VarChar(100)'
s = s.replace(head % 5, (head % 5).replace('VarChar(100)', 'VarChar(0)'), 1)
s = s.replace(head % 500, (head % 500).replace('VarChar(100)', 'Decimal(1001, 2)'), 1)
s = s.replace('model M7 {', 'model M7 {\n  @@map("M8")', 1)
open(sys.argv[2], 'w').write(s)
PY
"$bin" diff empty "$tmp/bad.prisma" >/dev/null 2>"$tmp/err"; st=$?
grep 'error:' "$tmp/err" | sed 's/^[^:]*:\([0-9]*\):.*error: \(.\{25\}\).*/\1 \2/' >"$tmp/got"
cat >"$tmp/want" <<'W'
98 Argument M is out of rang
8526 Native type Decimal is no
130 The model with database n
W
check "errors in pipeline order, exit 2 (got $st): $(tr '\n' '|' <"$tmp/got")" '[ $st = 2 ] && diff -q "$tmp/got" "$tmp/want" >/dev/null'
"$bin" diff empty "$tmp/ok.prisma" >"$tmp/ok.sql" 2>/dev/null; st=$?
tables=$(grep -c '^CREATE TABLE' "$tmp/ok.sql")
check "without the errors: exit 0 and a table per model and join table (got $st, $tables)" '[ $st = 0 ] && [ "$tables" -ge 600 ]'
[ $fail = 0 ] && echo "psl_large: ok"
exit $fail
