# Sourced by the scripts that read every shipped suite: suites [KIND]
# prints the names of eval/testdata/suites.txt in its order, all of them
# or those of KIND (covered or uncovered).
suites() {
  awk -v kind="${1:-}" '!/^#/ && NF >= 2 && (kind == "" || $2 == kind) { print $1 }' eval/testdata/suites.txt
}
