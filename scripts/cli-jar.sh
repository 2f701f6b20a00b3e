# shellcheck shell=bash
# Sourced by ./nonstop and bench/release-under-load: when the CLI's jar is out of date. One rule for both, so that
# the bench builds what the launcher would otherwise rebuild inside a timed start.

# nonstop_cli_stale HOME JAR: true when JAR is missing or any module's src/main file or pom.xml under HOME is newer.
nonstop_cli_stale() {
  [ -f "$2" ] || return 0
  [ -n "$(find "$1" \( -name target -o -name .git -o -name node_modules \) -prune -o \
      -type f \( -path '*/src/main/*' -o -name pom.xml \) -newer "$2" -print -quit)" ]
}
