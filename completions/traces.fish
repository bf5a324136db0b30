# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_traces_global_optspecs
    string join \n store= q/quiet v/verbose color= h/help V/version
end

function __fish_traces_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_traces_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_traces_using_subcommand
    set -l cmd (__fish_traces_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c traces -n "__fish_traces_needs_command" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_needs_command" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_needs_command" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_needs_command" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_needs_command" -s V -l version -d 'Print version'
complete -c traces -n "__fish_traces_needs_command" -f -a "init" -d 'Create an empty store (commit also creates it on first use)'
complete -c traces -n "__fish_traces_needs_command" -f -a "commit" -d 'Scrub, render and commit session files (or directories of them) into the store'
complete -c traces -n "__fish_traces_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c traces -n "__fish_traces_needs_command" -f -a "config" -d 'Read and change the store\'s settings (kept in its git config)'
complete -c traces -n "__fish_traces_needs_command" -f -a "forget" -d 'Take sessions back: remove them from the store\'s branches, and from each remote on its next push; their source files are never committed again'
complete -c traces -n "__fish_traces_needs_command" -f -a "fsck" -d 'Check the store\'s objects, refs, input cache and push state; --repair rebuilds from sources'
complete -c traces -n "__fish_traces_needs_command" -f -a "gc" -d 'Gather the store\'s small packs and loose objects into one pack'
complete -c traces -n "__fish_traces_needs_command" -f -a "ignore" -d 'Keep sessions out of the store by source path or working directory'
complete -c traces -n "__fish_traces_needs_command" -f -a "lint" -d 'Check session files (Claude Code, Codex, Pi...) the way strict consumers read them'
complete -c traces -n "__fish_traces_needs_command" -f -a "log" -d 'Show the commits of a branch, newest first'
complete -c traces -n "__fish_traces_needs_command" -f -a "login" -d 'Log in to the Hugging Face Hub: check a token and keep it in the OS keyring'
complete -c traces -n "__fish_traces_needs_command" -f -a "logout" -d 'Forget the token `traces login` stored'
complete -c traces -n "__fish_traces_needs_command" -f -a "push" -d 'Push committed sessions to every enabled remote, or to those named'
complete -c traces -n "__fish_traces_needs_command" -f -a "remote" -d 'List, add, remove and re-point remotes'
complete -c traces -n "__fish_traces_needs_command" -f -a "scan" -d 'Report secrets scrubbing would redact, in files or on a remote, without committing'
complete -c traces -n "__fish_traces_needs_command" -f -a "show" -d 'Print one committed session in one rendering'
complete -c traces -n "__fish_traces_needs_command" -f -a "source" -d 'Manage the directories `traces sync` and `traces watch` commit from'
complete -c traces -n "__fish_traces_needs_command" -f -a "status" -d 'Show the store, sessions per branch and agent, last commits, and each remote\'s push state'
complete -c traces -n "__fish_traces_needs_command" -f -a "sync" -d 'Commit sessions (the given paths, or every source), then push every remote with something new'
complete -c traces -n "__fish_traces_needs_command" -f -a "visibility" -d 'Show a Hub dataset\'s visibility, or make it public or private'
complete -c traces -n "__fish_traces_needs_command" -f -a "watch" -d 'Commit sessions in the source directories as they are written, and push them'
complete -c traces -n "__fish_traces_needs_command" -f -a "whoami" -d 'Show who the Hub token belongs to, its role and where it came from (never the token)'
complete -c traces -n "__fish_traces_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand init" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand init" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand init" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand init" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand commit" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand commit" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand commit" -l json -d 'Print the summary as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand commit" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand commit" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand commit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand completions" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand completions" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand completions" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand completions" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "get" -d 'Print one setting\'s value (its default when unset)'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "set" -d 'Change a setting'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "unset" -d 'Return a setting to its default'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "list" -d 'Every setting with its value and default'
complete -c traces -n "__fish_traces_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from get" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from get" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from set" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from set" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from unset" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from unset" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from list" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from list" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from list" -l json -d 'Print as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one setting\'s value (its default when unset)'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Return a setting to its default'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every setting with its value and default'
complete -c traces -n "__fish_traces_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand forget" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand forget" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand forget" -l list -d 'List the forgotten ids instead'
complete -c traces -n "__fish_traces_using_subcommand forget" -l undo -d 'Let the given ids back in: their sessions return with the next commit of their files'
complete -c traces -n "__fish_traces_using_subcommand forget" -l purge -d 'Also take them out of history: rewrite every branch without them, remove their objects from the store, and squash each remote that was sent them on its next push'
complete -c traces -n "__fish_traces_using_subcommand forget" -l yes -d 'With --purge: rewrite without asking (required when stdin is not a terminal)'
complete -c traces -n "__fish_traces_using_subcommand forget" -l json -d 'With --list: print a JSON array on stdout'
complete -c traces -n "__fish_traces_using_subcommand forget" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand forget" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand forget" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand fsck" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand fsck" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand fsck" -l repair -d 'Rebuild what can be rebuilt'
complete -c traces -n "__fish_traces_using_subcommand fsck" -l json -d 'Print the result as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand fsck" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand fsck" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand fsck" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand gc" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand gc" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand gc" -l json -d 'Print the result as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand gc" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand gc" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand gc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'Show the patterns'
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove a pattern (sessions it kept out come in with the next commit)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from add" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from add" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from add" -l forget -d 'Forget the committed sessions that match, as `traces forget` does'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from list" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from list" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from list" -l json -d 'Print the patterns as a JSON array on stdout'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from remove" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from remove" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from help" -f -a "list" -d 'Show the patterns'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a pattern (sessions it kept out come in with the next commit)'
complete -c traces -n "__fish_traces_using_subcommand ignore; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand lint" -l branch -d 'Check every session file on this branch of the store instead' -r
complete -c traces -n "__fish_traces_using_subcommand lint" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand lint" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand lint" -l json -d 'Print the findings as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand lint" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand lint" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand log" -l branch -d 'Branch to show: claude-code or row' -r
complete -c traces -n "__fish_traces_using_subcommand log" -s n -l max-count -d 'Show at most N commits' -r
complete -c traces -n "__fish_traces_using_subcommand log" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand log" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand log" -l json -d 'Print commits as a JSON array on stdout'
complete -c traces -n "__fish_traces_using_subcommand log" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand log" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand login" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand login" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand login" -l token-stdin -d 'Read the token from standard input'
complete -c traces -n "__fish_traces_using_subcommand login" -l insecure-storage -d 'Store the token in a file readable only by you (~/.config/traces/tokens) instead of the OS keyring'
complete -c traces -n "__fish_traces_using_subcommand login" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand login" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand logout" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand logout" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand logout" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand logout" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand push" -l token-env -d 'Read the token from this environment variable instead of the usual chain' -r
complete -c traces -n "__fish_traces_using_subcommand push" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand push" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand push" -l dry-run -d 'Show what would be sent without sending it'
complete -c traces -n "__fish_traces_using_subcommand push" -l json -d 'Print the results as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand push" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand push" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -f -a "list" -d 'Show the remotes, their URLs and formats'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -f -a "add" -d 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -f -a "remove" -d 'Remove a remote and its push state'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -f -a "set-public" -d 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -f -a "set-url" -d 'Change a remote\'s URL'
complete -c traces -n "__fish_traces_using_subcommand remote; and not __fish_seen_subcommand_from list add remove set-public set-url help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from list" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from list" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from list" -l json -d 'Print the remotes as a JSON array on stdout'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -l format -d 'Which rendering the remote receives' -r
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -l role -d 'What the remote is for: personal (your own dataset: skipped when sharing is off or you have no token), org (the shared dataset: the org token chain) or none' -r
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -l token-chain -d 'Where its token comes from, in order: environment variable names, `login` (the `traces login` entry) and `hf-cache` (the huggingface-cli token file); default: the role\'s chain' -r
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from remove" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from remove" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-public" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-public" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-public" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-public" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-public" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-url" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-url" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-url" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-url" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from set-url" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "list" -d 'Show the remotes, their URLs and formats'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a remote and its push state'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "set-public" -d 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "set-url" -d 'Change a remote\'s URL'
complete -c traces -n "__fish_traces_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand scan" -l remote -d 'Scan every session file on this remote\'s main branch instead' -r
complete -c traces -n "__fish_traces_using_subcommand scan" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand scan" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand scan" -l check-rules -d 'Check the custom rules file: every rule compiles and its samples pass'
complete -c traces -n "__fish_traces_using_subcommand scan" -l json -d 'Print findings as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand scan" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand scan" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand show" -l format -d 'Rendering to print: claude_code or row' -r
complete -c traces -n "__fish_traces_using_subcommand show" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand show" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand show" -l json -d 'Print where the file is and which sessions its lines belong to, as JSON, instead of the file'
complete -c traces -n "__fish_traces_using_subcommand show" -l scrubbed-report -d 'List where the committed file was redacted: each rule that fired, with its line and JSON path (never the text); with --json, as a JSON array'
complete -c traces -n "__fish_traces_using_subcommand show" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand show" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -f -a "add" -d 'Add a directory; it is walked for sessions (symlinks are not followed)'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -f -a "set" -d 'Change where a source\'s sessions go (new pushes only: nothing already pushed moves)'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -f -a "list" -d 'Show the source directories and their formats'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -f -a "remove" -d 'Stop committing from a directory (nothing committed from it is removed)'
complete -c traces -n "__fish_traces_using_subcommand source; and not __fish_seen_subcommand_from add set list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -l format -d 'Which files are sessions: auto (*.json and *.jsonl), ml_intern (*.json), claude_code, codex, pi, droid (*.jsonl). Default: the agent\'s, for a directory an agent writes to (~/.claude/projects, ~/.codex/sessions, ~/.pi/agent/sessions...), else auto' -r -f -a "auto\t'`*.json` and `*.jsonl`, the format told from each file\'s content'
ml_intern\t'ml-intern session logs: `*.json`'
claude_code\t'Claude Code projects: `*.jsonl`'
codex\t'Codex rollouts: `*.jsonl`'
pi\t'Pi (or OpenClaw) sessions: `*.jsonl`'
droid\t'Factory Droid sessions: `*.jsonl`'"
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -l remote -d 'Send this source\'s sessions only to these remotes (repeat it; default: every remote)' -r
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -l detect -d 'Add the standard session directory of every agent installed here (Claude Code, Codex, Pi, Factory Droid, ml-intern) that is not a source yet'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -l private -d 'Mark the source private: its sessions never go to a remote marked public'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -l remote -d 'Send its sessions only to these remotes (repeat it)' -r
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -l private -d 'Mark it private (never sent to a public remote), or not: true or false' -r -f -a "true\t''
false\t''"
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -l all-remotes -d 'Send its sessions to every remote again'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from list" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from list" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from list" -l json -d 'Print the sources as a JSON array on stdout'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from remove" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from remove" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a directory; it is walked for sessions (symlinks are not followed)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change where a source\'s sessions go (new pushes only: nothing already pushed moves)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from help" -f -a "list" -d 'Show the source directories and their formats'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Stop committing from a directory (nothing committed from it is removed)'
complete -c traces -n "__fish_traces_using_subcommand source; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand status" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand status" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand status" -l json -d 'Print the status as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand status" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand status" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand sync" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand sync" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand sync" -l background -d 'Return once committed; push from a detached process'
complete -c traces -n "__fish_traces_using_subcommand sync" -l json -d 'Print what happened as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand sync" -l push-only -d 'Only push (what the detached process of --background runs)'
complete -c traces -n "__fish_traces_using_subcommand sync" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand sync" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand visibility" -l remote -d 'The remote whose dataset this is' -r
complete -c traces -n "__fish_traces_using_subcommand visibility" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand visibility" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand visibility" -l force -d 'Make it public even though the scan found something'
complete -c traces -n "__fish_traces_using_subcommand visibility" -l yes -d 'Confirm --force without a terminal'
complete -c traces -n "__fish_traces_using_subcommand visibility" -l json -d 'Print as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand visibility" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand visibility" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand visibility" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand watch" -l interval -d 'Seconds between two looks at the sources' -r
complete -c traces -n "__fish_traces_using_subcommand watch" -l settle -d 'Seconds a file must stay unchanged before it is committed' -r
complete -c traces -n "__fish_traces_using_subcommand watch" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand watch" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand watch" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand watch" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand whoami" -l store -d 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)' -r -F
complete -c traces -n "__fish_traces_using_subcommand whoami" -l color -d 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never' -r -f -a "auto\t'When stderr is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`'
always\t''
never\t''"
complete -c traces -n "__fish_traces_using_subcommand whoami" -l json -d 'Print as JSON on stdout'
complete -c traces -n "__fish_traces_using_subcommand whoami" -s q -l quiet -d 'Print only errors and warnings on stderr (stdout is unchanged)'
complete -c traces -n "__fish_traces_using_subcommand whoami" -s v -l verbose -d 'Say more on stderr (each session\'s outcome, where tokens came from)'
complete -c traces -n "__fish_traces_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "init" -d 'Create an empty store (commit also creates it on first use)'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "commit" -d 'Scrub, render and commit session files (or directories of them) into the store'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "config" -d 'Read and change the store\'s settings (kept in its git config)'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "forget" -d 'Take sessions back: remove them from the store\'s branches, and from each remote on its next push; their source files are never committed again'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "fsck" -d 'Check the store\'s objects, refs, input cache and push state; --repair rebuilds from sources'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "gc" -d 'Gather the store\'s small packs and loose objects into one pack'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "ignore" -d 'Keep sessions out of the store by source path or working directory'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "lint" -d 'Check session files (Claude Code, Codex, Pi...) the way strict consumers read them'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "log" -d 'Show the commits of a branch, newest first'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "login" -d 'Log in to the Hugging Face Hub: check a token and keep it in the OS keyring'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "logout" -d 'Forget the token `traces login` stored'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "push" -d 'Push committed sessions to every enabled remote, or to those named'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "remote" -d 'List, add, remove and re-point remotes'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "scan" -d 'Report secrets scrubbing would redact, in files or on a remote, without committing'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "show" -d 'Print one committed session in one rendering'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "source" -d 'Manage the directories `traces sync` and `traces watch` commit from'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "status" -d 'Show the store, sessions per branch and agent, last commits, and each remote\'s push state'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "sync" -d 'Commit sessions (the given paths, or every source), then push every remote with something new'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "visibility" -d 'Show a Hub dataset\'s visibility, or make it public or private'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "watch" -d 'Commit sessions in the source directories as they are written, and push them'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "whoami" -d 'Show who the Hub token belongs to, its role and where it came from (never the token)'
complete -c traces -n "__fish_traces_using_subcommand help; and not __fish_seen_subcommand_from init commit completions config forget fsck gc ignore lint log login logout push remote scan show source status sync visibility watch whoami help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one setting\'s value (its default when unset)'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Change a setting'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Return a setting to its default'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Every setting with its value and default'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from ignore" -f -a "add" -d 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from ignore" -f -a "list" -d 'Show the patterns'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from ignore" -f -a "remove" -d 'Remove a pattern (sessions it kept out come in with the next commit)'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "list" -d 'Show the remotes, their URLs and formats'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "add" -d 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "remove" -d 'Remove a remote and its push state'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "set-public" -d 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "set-url" -d 'Change a remote\'s URL'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from source" -f -a "add" -d 'Add a directory; it is walked for sessions (symlinks are not followed)'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from source" -f -a "set" -d 'Change where a source\'s sessions go (new pushes only: nothing already pushed moves)'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from source" -f -a "list" -d 'Show the source directories and their formats'
complete -c traces -n "__fish_traces_using_subcommand help; and __fish_seen_subcommand_from source" -f -a "remove" -d 'Stop committing from a directory (nothing committed from it is removed)'
