# Sourced by ./mvnw and ./fleet: makes JAVA_HOME point at a JDK 21 or newer.
# Order: JAVA_HOME if it is new enough, then `java` on the PATH, then the newest JDK found in the usual
# install directories. Leaves JAVA_HOME alone (and lets the build say what is wrong) if none is found.

commerce_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

commerce_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(commerce_jdk_major "$JAVA_HOME")
    [ "${major:-0}" -ge 21 ] && return 0
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(commerce_jdk_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ -x "$candidate/bin/javac" ]; then
      JAVA_HOME=$candidate; export JAVA_HOME; return 0
    fi
  fi
  best=""; best_major=0
  case $- in *f*) commerce_noglob=1; set +f ;; *) commerce_noglob=0 ;; esac
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(commerce_jdk_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  [ "$commerce_noglob" = 1 ] && set -f
  if [ -n "$best" ]; then
    JAVA_HOME=$best; export JAVA_HOME; return 0
  fi
  echo "No JDK 21 or newer found: install one, or set JAVA_HOME to it." >&2
  return 1
}

commerce_find_jdk || true
