#!/usr/bin/env bash
# psl_large: schemas large enough for the front end's second thread give what one
# thread gives: the validator's native-type checks beside its model checks (from 500
# models; diagnostics in pipeline order, exit 2), and the parse of a file of 1 MiB or
# more in two halves (2,500 models make 1.28 MB: the same model, SQL and error places
# as a serial parse; a block comment keeps a file on one thread).  Also run
# under ASan+UBSan by CI.
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
# a file of 1 MiB or more is parsed in two halves at once (split after a "}" line):
# the same model as a serial parse (a block comment anywhere keeps a file whole), and
# an error in either half is reported at its place in the whole file
python3 "$src/bench/gen_schema.py" 2500 >"$tmp/big.prisma"
{ printf '/* one block comment: parsed on one thread */\n'; cat "$tmp/big.prisma"; } >"$tmp/big_serial.prisma"
"$bin" dump "$tmp/big.prisma" >"$tmp/big.dump" 2>&1; st1=$?
"$bin" dump "$tmp/big_serial.prisma" >"$tmp/big_serial.dump" 2>&1; st2=$?
check "two halves = one thread (exit $st1 $st2, $(wc -l <"$tmp/big.dump") lines)" '[ $st1 = 0 ] && [ $st2 = 0 ] && cmp -s "$tmp/big.dump" "$tmp/big_serial.dump" && [ "$(wc -l <"$tmp/big.dump")" -gt 10000 ]'
"$bin" diff empty "$tmp/big.prisma" >"$tmp/big.sql" 2>/dev/null
"$bin" diff empty "$tmp/big_serial.prisma" >"$tmp/big_serial.sql" 2>/dev/null
check "the same SQL" 'cmp -s "$tmp/big.sql" "$tmp/big_serial.sql"'
total=$(wc -l <"$tmp/big.prisma")
late=$((total - 20))
awk -v n="$late" 'NR == n { print "  broken ( line" } { print }' "$tmp/big.prisma" >"$tmp/big_bad.prisma"
"$bin" validate "$tmp/big_bad.prisma" >/dev/null 2>"$tmp/err"; st=$?
check "an error in the second half: exit 2 at line $late ($(grep -m1 error "$tmp/err"))" '[ $st = 2 ] && grep -q "big_bad.prisma:$late:10: error: This line is not a valid field" "$tmp/err"'
[ $fail = 0 ] && echo "psl_large: ok"
exit $fail
