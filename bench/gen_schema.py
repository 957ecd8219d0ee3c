#!/usr/bin/env python3
"""gen_schema.py N [--variant SEED]: prints a deterministic synthetic Prisma schema with N models.

--variant SEED: the same schema with 10% of its models changed (which ones depends on SEED):
in each, a field added, a type widened (VarChar(100) -> VarChar(200)), a field made required,
a default changed and an index added; every 5th changed model also has a field renamed
through @map.  Diffing the schema against its variant exercises every column-level path.

Every model has scalar fields with native types; every 10th model adds an enum; models are
chained by 1-n relations (Mi -> Mi-1), every 5th has a 1-1 relation (Mi -> Mi-2), every 7th an
implicit many-to-many (Mi <-> Mi-3); @@index on every model, @@unique on every 3rd.
Same N, same bytes: no randomness, no clock.
"""
import sys


def model_fields(n):
    """Per model: its own fields, plus the back-relation fields other models need."""
    fields = [[] for _ in range(n)]
    for i in range(n):
        f = fields[i]
        f += [
            "  id        Int      @id @default(autoincrement())",
            "  name      String   @db.VarChar(100)",
            "  createdAt DateTime @default(now()) @db.Timestamptz(3)",
            "  amount    Decimal  @default(0) @db.Decimal(12, 2)",
            "  flag      Boolean  @default(false)",
            "  note      String?",
            "  data      Json?",
        ]
        if i % 10 == 0:
            f.append(f"  status    Status{i} @default(A)")
        if i >= 1:  # 1-n: many Mi belong to one Mi-1
            f.append(f"  ownerId   Int?")
            f.append(f'  owner     M{i - 1}? @relation("M{i}_owner", fields: [ownerId], references: [id])')
            fields[i - 1].append(f'  ownedM{i}  M{i}[] @relation("M{i}_owner")')
        if i >= 2 and i % 5 == 0:  # 1-1
            f.append(f"  buddyId   Int?     @unique")
            f.append(f'  buddy     M{i - 2}? @relation("M{i}_buddy", fields: [buddyId], references: [id], onDelete: Cascade)')
            fields[i - 2].append(f'  buddyOfM{i} M{i}? @relation("M{i}_buddy")')
        if i >= 3 and i % 7 == 0:  # implicit many-to-many
            f.append(f'  tagsM{i - 3} M{i - 3}[] @relation("M{i}_tags")')
            fields[i - 3].append(f'  taggedM{i} M{i}[] @relation("M{i}_tags")')
    return fields


def changed(i, seed):
    """Whether model i differs in variant seed: a fixed 10% of models, spread by a hash."""
    return seed is not None and (i * 2654435761 + seed * 40503) % 1000 < 100


def vary(fields, i, seed):
    """Model i's fields in variant seed."""
    if not changed(i, seed):
        return fields
    out = []
    for f in fields:
        f = f.replace("@db.VarChar(100)", "@db.VarChar(200)")
        f = f.replace("note      String?", "note      String")
        f = f.replace("@default(0) @db.Decimal", "@default(1) @db.Decimal")
        if (i // 10) % 5 == 0 and f.startswith("  flag "):
            f += ' @map("is_flagged")'
        out.append(f)
    out.append("  extra     Int      @default(0)")
    return out


def main():
    args = sys.argv[1:]
    seed = None
    if len(args) == 3 and args[1] == "--variant" and args[2].isdigit():
        seed = int(args[2])
        args = args[:1]
    if len(args) != 1 or not args[0].isdigit() or int(args[0]) < 1:
        sys.exit("usage: gen_schema.py N [--variant SEED]   (N >= 1 models)")
    n = int(args[0])
    out = [
        f"// Synthetic schema: {n} models (bench/gen_schema.py {n})",
        "",
        'generator client {\n  provider = "prisma-client-js"\n}',
        "",
        'datasource db {\n  provider = "postgresql"\n}',
        "",
    ]
    fields = model_fields(n)
    for i in range(n):
        if i % 10 == 0:
            out.append(f"enum Status{i} {{\n  A\n  B\n  C\n  D\n}}\n")
        out.append(f"model M{i} {{")
        out += vary(fields[i], i, seed)
        out.append("")
        out.append("  @@index([name])")
        if changed(i, seed):
            out.append("  @@index([createdAt])")
        if i % 3 == 0:
            out.append("  @@unique([name, createdAt])")
        out.append("}\n")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
