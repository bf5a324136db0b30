
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'traces' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'traces'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'traces' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an empty store (commit also creates it on first use)')
            [CompletionResult]::new('commit', 'commit', [CompletionResultType]::ParameterValue, 'Scrub, render and commit session files (or directories of them) into the store')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change the store''s settings (kept in its git config)')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Take sessions back: remove them from the store''s branches, and from each remote on its next push; their source files are never committed again')
            [CompletionResult]::new('fsck', 'fsck', [CompletionResultType]::ParameterValue, 'Check the store''s objects, refs, input cache and push state; --repair rebuilds from sources')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Gather the store''s small packs and loose objects into one pack')
            [CompletionResult]::new('ignore', 'ignore', [CompletionResultType]::ParameterValue, 'Keep sessions out of the store by source path or working directory')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check session files (Claude Code, Codex, Pi...) the way strict consumers read them')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the commits of a branch, newest first')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to the Hugging Face Hub: check a token and keep it in the OS keyring')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the token `traces login` stored')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push committed sessions to every enabled remote, or to those named')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'List, add, remove and re-point remotes')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Report secrets scrubbing would redact, in files or on a remote, without committing')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one committed session in one rendering')
            [CompletionResult]::new('source', 'source', [CompletionResultType]::ParameterValue, 'Manage the directories `traces sync` and `traces watch` commit from')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the store, sessions per branch and agent, last commits, and each remote''s push state')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Commit sessions (the given paths, or every source), then push every remote with something new')
            [CompletionResult]::new('visibility', 'visibility', [CompletionResultType]::ParameterValue, 'Show a Hub dataset''s visibility, or make it public or private')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Commit sessions in the source directories as they are written, and push them')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the Hub token belongs to, its role and where it came from (never the token)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;init' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;commit' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the summary as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;config' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value (its default when unset)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Return a setting to its default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every setting with its value and default')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;config;get' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;config;set' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;config;unset' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;config;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;config;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value (its default when unset)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Return a setting to its default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every setting with its value and default')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;config;help;get' {
            break
        }
        'traces;config;help;set' {
            break
        }
        'traces;config;help;unset' {
            break
        }
        'traces;config;help;list' {
            break
        }
        'traces;config;help;help' {
            break
        }
        'traces;forget' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the forgotten ids instead')
            [CompletionResult]::new('--undo', '--undo', [CompletionResultType]::ParameterName, 'Let the given ids back in: their sessions return with the next commit of their files')
            [CompletionResult]::new('--purge', '--purge', [CompletionResultType]::ParameterName, 'Also take them out of history: rewrite every branch without them, remove their objects from the store, and squash each remote that was sent them on its next push')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --purge: rewrite without asking (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'With --list: print a JSON array on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;fsck' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--repair', '--repair', [CompletionResultType]::ParameterName, 'Rebuild what can be rebuilt')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;gc' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;ignore' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the patterns')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a pattern (sessions it kept out come in with the next commit)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;ignore;add' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--forget', '--forget', [CompletionResultType]::ParameterName, 'Forget the committed sessions that match, as `traces forget` does')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;ignore;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the patterns as a JSON array on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;ignore;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;ignore;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the patterns')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a pattern (sessions it kept out come in with the next commit)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;ignore;help;add' {
            break
        }
        'traces;ignore;help;list' {
            break
        }
        'traces;ignore;help;remove' {
            break
        }
        'traces;ignore;help;help' {
            break
        }
        'traces;lint' {
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Check every session file on this branch of the store instead')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the findings as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;log' {
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Branch to show: claude-code or row')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show at most N commits')
            [CompletionResult]::new('--max-count', '--max-count', [CompletionResultType]::ParameterName, 'Show at most N commits')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print commits as a JSON array on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;login' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Store the token in a file readable only by you (~/.config/traces/tokens) instead of the OS keyring')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;logout' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;push' {
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the token from this environment variable instead of the usual chain')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent without sending it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;remote' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the remotes, their URLs and formats')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a remote and its push state')
            [CompletionResult]::new('set-public', 'set-public', [CompletionResultType]::ParameterValue, 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private')
            [CompletionResult]::new('set-url', 'set-url', [CompletionResultType]::ParameterValue, 'Change a remote''s URL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;remote;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the remotes as a JSON array on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;remote;add' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Which rendering the remote receives')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'What the remote is for: personal (your own dataset: skipped when sharing is off or you have no token), org (the shared dataset: the org token chain) or none')
            [CompletionResult]::new('--token-chain', '--token-chain', [CompletionResultType]::ParameterName, 'Where its token comes from, in order: environment variable names, `login` (the `traces login` entry) and `hf-cache` (the huggingface-cli token file); default: the role''s chain')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;remote;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;remote;set-public' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;remote;set-url' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;remote;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the remotes, their URLs and formats')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a remote and its push state')
            [CompletionResult]::new('set-public', 'set-public', [CompletionResultType]::ParameterValue, 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private')
            [CompletionResult]::new('set-url', 'set-url', [CompletionResultType]::ParameterValue, 'Change a remote''s URL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;remote;help;list' {
            break
        }
        'traces;remote;help;add' {
            break
        }
        'traces;remote;help;remove' {
            break
        }
        'traces;remote;help;set-public' {
            break
        }
        'traces;remote;help;set-url' {
            break
        }
        'traces;remote;help;help' {
            break
        }
        'traces;scan' {
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Scan every session file on this remote''s main branch instead')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--check-rules', '--check-rules', [CompletionResultType]::ParameterName, 'Check the custom rules file: every rule compiles and its samples pass')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print findings as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;show' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Rendering to print: claude_code or row')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print where the file is and which sessions its lines belong to, as JSON, instead of the file')
            [CompletionResult]::new('--scrubbed-report', '--scrubbed-report', [CompletionResultType]::ParameterName, 'List where the committed file was redacted: each rule that fired, with its line and JSON path (never the text); with --json, as a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;source' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a directory; it is walked for sessions (symlinks are not followed)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change where a source''s sessions go (new pushes only: nothing already pushed moves)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the source directories and their formats')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop committing from a directory (nothing committed from it is removed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;source;add' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Which files are sessions: auto (*.json and *.jsonl), ml_intern (*.json), claude_code, codex, pi, droid (*.jsonl). Default: the agent''s, for a directory an agent writes to (~/.claude/projects, ~/.codex/sessions, ~/.pi/agent/sessions...), else auto')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Send this source''s sessions only to these remotes (repeat it; default: every remote)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--detect', '--detect', [CompletionResultType]::ParameterName, 'Add the standard session directory of every agent installed here (Claude Code, Codex, Pi, Factory Droid, ml-intern) that is not a source yet')
            [CompletionResult]::new('--private', '--private', [CompletionResultType]::ParameterName, 'Mark the source private: its sessions never go to a remote marked public')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;source;set' {
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Send its sessions only to these remotes (repeat it)')
            [CompletionResult]::new('--private', '--private', [CompletionResultType]::ParameterName, 'Mark it private (never sent to a public remote), or not: true or false')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--all-remotes', '--all-remotes', [CompletionResultType]::ParameterName, 'Send its sessions to every remote again')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;source;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the sources as a JSON array on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;source;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;source;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a directory; it is walked for sessions (symlinks are not followed)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change where a source''s sessions go (new pushes only: nothing already pushed moves)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the source directories and their formats')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop committing from a directory (nothing committed from it is removed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;source;help;add' {
            break
        }
        'traces;source;help;set' {
            break
        }
        'traces;source;help;list' {
            break
        }
        'traces;source;help;remove' {
            break
        }
        'traces;source;help;help' {
            break
        }
        'traces;status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the status as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;sync' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--background', '--background', [CompletionResultType]::ParameterName, 'Return once committed; push from a detached process')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print what happened as JSON on stdout')
            [CompletionResult]::new('--push-only', '--push-only', [CompletionResultType]::ParameterName, 'Only push (what the detached process of --background runs)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;visibility' {
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'The remote whose dataset this is')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Make it public even though the scan found something')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm --force without a terminal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;watch' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Seconds between two looks at the sources')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Seconds a file must stay unchanged before it is committed')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;whoami' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings on stderr (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (each session''s outcome, where tokens came from)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'traces;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an empty store (commit also creates it on first use)')
            [CompletionResult]::new('commit', 'commit', [CompletionResultType]::ParameterValue, 'Scrub, render and commit session files (or directories of them) into the store')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change the store''s settings (kept in its git config)')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Take sessions back: remove them from the store''s branches, and from each remote on its next push; their source files are never committed again')
            [CompletionResult]::new('fsck', 'fsck', [CompletionResultType]::ParameterValue, 'Check the store''s objects, refs, input cache and push state; --repair rebuilds from sources')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Gather the store''s small packs and loose objects into one pack')
            [CompletionResult]::new('ignore', 'ignore', [CompletionResultType]::ParameterValue, 'Keep sessions out of the store by source path or working directory')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check session files (Claude Code, Codex, Pi...) the way strict consumers read them')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the commits of a branch, newest first')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to the Hugging Face Hub: check a token and keep it in the OS keyring')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the token `traces login` stored')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push committed sessions to every enabled remote, or to those named')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'List, add, remove and re-point remotes')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Report secrets scrubbing would redact, in files or on a remote, without committing')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one committed session in one rendering')
            [CompletionResult]::new('source', 'source', [CompletionResultType]::ParameterValue, 'Manage the directories `traces sync` and `traces watch` commit from')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the store, sessions per branch and agent, last commits, and each remote''s push state')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Commit sessions (the given paths, or every source), then push every remote with something new')
            [CompletionResult]::new('visibility', 'visibility', [CompletionResultType]::ParameterValue, 'Show a Hub dataset''s visibility, or make it public or private')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Commit sessions in the source directories as they are written, and push them')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the Hub token belongs to, its role and where it came from (never the token)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'traces;help;init' {
            break
        }
        'traces;help;commit' {
            break
        }
        'traces;help;completions' {
            break
        }
        'traces;help;config' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value (its default when unset)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Return a setting to its default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every setting with its value and default')
            break
        }
        'traces;help;config;get' {
            break
        }
        'traces;help;config;set' {
            break
        }
        'traces;help;config;unset' {
            break
        }
        'traces;help;config;list' {
            break
        }
        'traces;help;forget' {
            break
        }
        'traces;help;fsck' {
            break
        }
        'traces;help;gc' {
            break
        }
        'traces;help;ignore' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the patterns')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a pattern (sessions it kept out come in with the next commit)')
            break
        }
        'traces;help;ignore;add' {
            break
        }
        'traces;help;ignore;list' {
            break
        }
        'traces;help;ignore;remove' {
            break
        }
        'traces;help;lint' {
            break
        }
        'traces;help;log' {
            break
        }
        'traces;help;login' {
            break
        }
        'traces;help;logout' {
            break
        }
        'traces;help;push' {
            break
        }
        'traces;help;remote' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the remotes, their URLs and formats')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a remote and its push state')
            [CompletionResult]::new('set-public', 'set-public', [CompletionResultType]::ParameterValue, 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private')
            [CompletionResult]::new('set-url', 'set-url', [CompletionResultType]::ParameterValue, 'Change a remote''s URL')
            break
        }
        'traces;help;remote;list' {
            break
        }
        'traces;help;remote;add' {
            break
        }
        'traces;help;remote;remove' {
            break
        }
        'traces;help;remote;set-public' {
            break
        }
        'traces;help;remote;set-url' {
            break
        }
        'traces;help;scan' {
            break
        }
        'traces;help;show' {
            break
        }
        'traces;help;source' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a directory; it is walked for sessions (symlinks are not followed)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change where a source''s sessions go (new pushes only: nothing already pushed moves)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the source directories and their formats')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop committing from a directory (nothing committed from it is removed)')
            break
        }
        'traces;help;source;add' {
            break
        }
        'traces;help;source;set' {
            break
        }
        'traces;help;source;list' {
            break
        }
        'traces;help;source;remove' {
            break
        }
        'traces;help;status' {
            break
        }
        'traces;help;sync' {
            break
        }
        'traces;help;visibility' {
            break
        }
        'traces;help;watch' {
            break
        }
        'traces;help;whoami' {
            break
        }
        'traces;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
