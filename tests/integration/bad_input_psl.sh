#!/bin/bash
# bad_input_psl.sh: broken Prisma schemas never crash `schemadiff validate`: each
# exits 2 with a located file:line:col message (the line Prisma itself reports).
# Inputs are generated in $SD_TMP. Needs only SD_BIN and SD_TMP.
set -u
: "${SD_BIN:?}" "${SD_TMP:?}"
T=$SD_TMP/bad_input_psl
rm -rf "$T" && mkdir -p "$T"
fails=0

DS='datasource db {
  provider = "postgresql"
}
'

# expect NAME PATH WANT...: validate PATH exits 2 and stderr holds every WANT (fixed strings).
expect() {
    local name=$1 path=$2; shift 2
    local err=$T/$name.err rc
    timeout 120 "$SD_BIN" validate "$path" >/dev/null 2>"$err"
    rc=$?
    if [ "$rc" -ne 2 ]; then
        echo "FAIL $name: exit $rc, want 2"; sed 's/^/  | /' "$err" | head -20; fails=$((fails + 1)); return
    fi
    for want in "$@"; do
        if ! grep -qF -- "$want" "$err"; then
            echo "FAIL $name: stderr lacks: $want"; sed 's/^/  | /' "$err" | head -20
            fails=$((fails + 1)); return
        fi
    done
    echo "ok   $name"
}

# 1. unterminated string: at its opening quote
printf '%smodel A {\n  id Int @id\n  name String @default("abc\n}\n' "$DS" >"$T/unterminated_string.prisma"
expect unterminated_string "$T/unterminated_string.prisma" \
    "unterminated_string.prisma:6:24: error: unterminated string literal"

# 2. unterminated block at the end of the file: Prisma reports the block's first line
printf '%smodel A {\n  id Int @id\n' "$DS" >"$T/unterminated_block.prisma"
expect unterminated_block "$T/unterminated_block.prisma" \
    'unterminated_block.prisma:4:1: error: missing closing `}` for model "A"' \
    "unterminated_block.prisma:6:1: note: the file ends here"

# 3. unterminated block followed by another block: at the next block, note at the first
printf '%smodel A {\n  id Int @id\n\nmodel B {\n  id Int @id\n}\n' "$DS" >"$T/unterminated_block2.prisma"
expect unterminated_block2 "$T/unterminated_block2.prisma" \
    'unterminated_block2.prisma:7:1: error: missing closing `}` for model "A"' \
    "unterminated_block2.prisma:4:9: note: the block opens here"

# 4. bad attribute arguments, several in one run (recovery at the next line)
printf '%smodel A {\n  id Int @id @default(1 2)\n  b  Int @relation(fields: [a, references: [b])\n  c  Int @map(,)\n  d  Int @db.VarChar(255\n}\n' \
    "$DS" >"$T/bad_args.prisma"
expect bad_args "$T/bad_args.prisma" \
    "bad_args.prisma:5:25: error: This line is not a valid field or attribute definition." \
    "bad_args.prisma:6:42: error: This line is not a valid field or attribute definition." \
    "bad_args.prisma:7:15: error:" \
    "bad_args.prisma:8:25: error:"

# 5. invalid UTF-8: the exact line:col of the bad byte (columns count characters)
printf '%smodel A {\n  id Int @id // é \xc3\x28 bad\n}\n' "$DS" >"$T/bad_utf8.prisma"
expect bad_utf8 "$T/bad_utf8.prisma" "bad_utf8.prisma:5:19: error: invalid UTF-8 byte 0xC3"

# 6. NUL byte
printf '%smodel A {\n  id Int @id\n  x\0y Int\n}\n' "$DS" >"$T/nul.prisma"
expect nul "$T/nul.prisma" "nul.prisma:6:4: error: NUL byte"

# 7. 10,000-deep nesting: an error where the depth limit (64) is passed, no stack overflow
{
    printf '%smodel A {\n  id Int @id @default(' "$DS"
    head -c 10000 /dev/zero | tr '\0' '['
    printf '\n}\n'
} >"$T/deep.prisma"
expect deep "$T/deep.prisma" "deep.prisma:5:87: error: expression nested too deeply"
{
    printf '%smodel A {\n  id Int @id @default(' "$DS"
    for _ in $(seq 2000); do printf 'f('; done
    printf '\n}\n'
} >"$T/deep_calls.prisma"
expect deep_calls "$T/deep_calls.prisma" "deep_calls.prisma:5:151:" "expression nested too deeply"

# 8. a 50 MB schema with one error on its last line: parsed whole, in linear time
awk -v ds="$DS" 'BEGIN {
    printf "%s", ds
    for (i = 0; i < 600000; i++)
        printf "model M%d {\n  id Int @id @default(autoincrement())\n  name String? @db.VarChar(255)\n}\n", i
    printf "oops\n"
}' >"$T/big.prisma"
lines=$(wc -l <"$T/big.prisma")
start=$(date +%s)
expect big "$T/big.prisma" "big.prisma:$lines:1: error: This line is invalid."
echo "     big: $(($(stat -c %s "$T/big.prisma") / 1048576)) MB in $(($(date +%s) - start)) s"
rm -f "$T/big.prisma"

# 9. no datasource: parsing works (a syntax error after it is still found at its line)
printf 'model A {\n  id Int @id\n}\n\nmodel B {\n  id Int @id\n  x Int @default(\n}\n' >"$T/no_ds.prisma"
expect no_datasource "$T/no_ds.prisma" "no_ds.prisma:7:"

# 10. a folder with no .prisma files: the error names the folder
mkdir -p "$T/empty_dir/sub" && echo "not a schema" >"$T/empty_dir/sub/readme.txt"
expect empty_dir "$T/empty_dir" "$T/empty_dir: error: no .prisma files in folder"

# 11. a path that does not exist
expect missing "$T/no/such/schema.prisma" "$T/no/such/schema.prisma: error:"

# 12. a multi-file schema: each error names its own file
mkdir -p "$T/multi/models"
printf '%s' "$DS" >"$T/multi/schema.prisma"
printf 'model A {\n  id Int @id\n}\n' >"$T/multi/models/a.prisma"
printf 'model B {\n  id Int @id\n  bad line here\n}\n' >"$T/multi/models/b.prisma"
expect multi_file "$T/multi" "$T/multi/models/b.prisma:3:12: error:"

# 13. CRLF line endings: lines still count right
printf 'datasource db {\r\n  provider = "postgresql"\r\n}\r\n\r\nmodel A {\r\n  id Int @id\r\n  x Int @default("a\\q")\r\n}\r\n' >"$T/crlf.prisma"
expect crlf "$T/crlf.prisma" "crlf.prisma:7:20: error: Unknown escape sequence."

# 14. top-level garbage, an unclosed block comment, a legacy colon, a field with no type
printf '%sfoo bar\nmodel A {\n  id Int @id\n  /* never closed\n  a: Int\n  b\n}\n' "$DS" >"$T/misc.prisma"
expect misc "$T/misc.prisma" \
    "misc.prisma:4:1: error: This line is invalid. It does not start with any known Prisma schema keyword." \
    "misc.prisma:7:3: error: This line is not a valid field or attribute definition." \
    'misc.prisma:8:4: error: Field declarations don'"'"'t require a `:`.' \
    'misc.prisma:9:3: error: Error validating model "A": This field declaration is invalid.'

# 15. a control character (a tab) inside a string: at the character, not "unterminated"
printf '%smodel A {\n  id Int @id\n  y String @default("tab\tin")\n}\n' "$DS" >"$T/tab_string.prisma"
expect tab_string "$T/tab_string.prisma" "tab_string.prisma:6:25: error: This line is not a valid field" \
    "control character 0x09"

# 16. a binary file: errors, capped, no crash. The bytes are random, so the file starts
# with a byte that is never UTF-8 (0xFF): the first error is then always on line 1, which
# a purely random first line (all ASCII, or empty) would not guarantee.
printf '\377' >"$T/random.prisma"
head -c 200000 /dev/urandom >>"$T/random.prisma"
expect random "$T/random.prisma" "random.prisma:1:1: error: invalid UTF-8 byte 0xFF"

if [ "$fails" -ne 0 ]; then
    echo "$fails case(s) failed"
    exit 1
fi
echo "all bad-input cases pass"
