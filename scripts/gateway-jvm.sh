# shellcheck shell=bash
# Sourced by ./nonstop: the JVM settings a command starts with. Only `nonstop gateway` has defaults,
# and they are the ones bench/gateway-vs-nginx measures (the bench starts the gateway through
# ./nonstop, so a user and the benchmark run the same JVM):
#
#   -Xms160m -Xmx160m -Xmn100m   a fixed small heap with a large young generation: requests
#                                allocate short-lived objects, and the heap does not grow under load
#   -XX:+UseParallelGC           throughput collector, one GC thread per CPU the process may use
#                                (one when it is pinned to a core, as the bench does)
#   -Dio.netty.allocator.type=pooled -Dio.netty.leakDetection.level=disabled
#
# Overriding them: NONSTOP_GATEWAY_OPTS, when set (even to ""), replaces all of them. Otherwise
# NONSTOP_JAVA_OPTS, which every command gets after these, wins setting by setting: a heap size
# there (-Xms, -Xmx, -Xmn, -XX:MaxRAMPercentage, ...) drops the three heap defaults, a collector
# (-XX:+UseG1GC, ...) drops -XX:+UseParallelGC, and a -D property of its own is read last.
#
# The control plane keeps off the cores the apps and the gateways serve from (bench/release-under-load
# measures it during a release):
#   `nonstop controller`, `nonstop agent` and the client commands (`release`, `status`, `drain`,
#   `undrain`): -XX:TieredStopAtLevel=1 -XX:+UseSerialGC: they do little work per second, so the C1
#   compiler's code is fast enough, and neither C2's compiles nor a parallel collector's threads take
#   CPU from the apps while a release runs.
# NONSTOP_JAVA_OPTS wins over these as over the gateway's (a collector there drops -XX:+UseSerialGC).
# Every other command (`nonstop up` included, which runs a gateway in its own process) gets none:
# the JVM's ergonomics.

NONSTOP_GATEWAY_JVM_DEFAULTS=(-Xms160m -Xmx160m -Xmn100m -XX:+UseParallelGC
  -Dio.netty.allocator.type=pooled -Dio.netty.leakDetection.level=disabled)

# nonstop_command_jvm_opts COMMAND: sets the array NONSTOP_COMMAND_JVM_OPTS to COMMAND's defaults.
nonstop_command_jvm_opts() { # command
  NONSTOP_COMMAND_JVM_OPTS=()
  case "${1:-}" in
    controller|agent|release|status|drain|undrain)
      [[ " ${NONSTOP_JAVA_OPTS:-} " =~ \ -XX:\+Use[A-Za-z0-9]+GC\  ]] || NONSTOP_COMMAND_JVM_OPTS+=(-XX:+UseSerialGC)
      NONSTOP_COMMAND_JVM_OPTS+=(-XX:TieredStopAtLevel=1)
      return 0 ;;
  esac
  [ "${1:-}" = gateway ] || return 0
  if [ -n "${NONSTOP_GATEWAY_OPTS+set}" ]; then
    # Split on spaces on purpose, as NONSTOP_JAVA_OPTS is.
    # shellcheck disable=SC2206
    NONSTOP_COMMAND_JVM_OPTS=(${NONSTOP_GATEWAY_OPTS})
    return 0
  fi
  local user=" ${NONSTOP_JAVA_OPTS:-} " opt
  local heap=' -Xm[snx]| -XX:(Max|Initial|Min)?(Heap|New)Size=| -XX:[A-Za-z]*RAMPercentage=| -XX:NewRatio='
  local collector=' -XX:\+Use[A-Za-z0-9]+GC '
  for opt in "${NONSTOP_GATEWAY_JVM_DEFAULTS[@]}"; do
    case "$opt" in
      -Xm*) [[ $user =~ $heap ]] && continue ;;
      -XX:+Use*GC) [[ $user =~ $collector ]] && continue ;;
    esac
    NONSTOP_COMMAND_JVM_OPTS+=("$opt")
  done
}
