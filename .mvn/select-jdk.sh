# Sourced by ./mvnw. Baton needs JDK 21 or newer; many machines still default to 17. When JAVA_HOME (or the java
# on PATH) is older, pick the newest JDK 21+ found under /usr/lib/jvm, say so, and carry on.
baton_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
baton_java=${JAVA_HOME:+$JAVA_HOME/bin/java}
baton_java=${baton_java:-$(command -v java || true)}
baton_major=$( [ -n "$baton_java" ] && [ -x "$baton_java" ] && baton_java_major "$baton_java" )
if [ "${baton_major:-0}" -lt 21 ]; then
  for baton_jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    baton_jdk=${baton_jdk%/}
    [ -x "$baton_jdk/bin/javac" ] || continue
    baton_m=$(baton_java_major "$baton_jdk/bin/java")
    if [ "${baton_m:-0}" -ge 21 ]; then
      echo "Baton: using JDK $baton_m at $baton_jdk (the default java is ${baton_major:-missing}; Baton needs 21+)" >&2
      export JAVA_HOME=$baton_jdk
      break
    fi
  done
fi
unset baton_java baton_major baton_jdk baton_m
