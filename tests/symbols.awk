# Turn a kota record stream into a readable symbol list for the language
# fixtures: one line per symbol,
#   PATH<TAB>KIND<TAB>NAME<TAB>START_LINE:START_COL-END_LINE:END_COL<TAB>PARENT<TAB>SCOPE
# where PARENT is "KIND NAME" of the parent symbol, or "-", and SCOPE the
# symbol's scope, or "-".  Fields are shown as the stream escapes them.
# With refs=1, the references instead, one per line:
#   PATH<TAB>LINE:COL<TAB>KIND<TAB>QUALIFIER NAME
BEGIN { FS = "\t" }
$1 == "F" { path = $2; delete kind; delete name; next }
$1 == "R" && refs { printf "%s\t%s:%s\t%s\t%s%s\n", path, $4, $5, $2, $6, $3; next }
$1 == "S" && !refs {
	kind[$2] = $3
	name[$2] = $4
	parent = $9 == "-" ? "-" : kind[$9] " " name[$9]
	printf "%s\t%s\t%s\t%s:%s-%s:%s\t%s\t%s\n", path, $3, $4, $5, $6, $7, $8, parent, $10 == "" ? "-" : $10
}
