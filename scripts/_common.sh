# Shared by scripts/with-postgres and scripts/with-redis (sourced, not run).

# Exit with the usage line when no command was given.
require_command() {
    if [[ $# -eq 0 ]]; then
        echo "usage: $0 COMMAND [ARGS...]" >&2
        exit 2
    fi
}

# Run the command as a child and pass TERM/INT on to it, so the caller's EXIT trap deletes
# the server only after the command has ended (bash runs a trap at once, not when a
# foreground child ends). Returns the command's exit status.
run_forwarding_signals() {
    "$@" &
    local child=$! status=0
    trap 'kill -TERM "$child" 2>/dev/null' TERM INT
    wait "$child" || status=$?
    while kill -0 "$child" 2>/dev/null; do wait "$child" || status=$?; done
    return "$status"
}
