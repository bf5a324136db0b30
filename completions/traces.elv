
use builtin;
use str;

set edit:completion:arg-completer[traces] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'traces'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'traces'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create an empty store (commit also creates it on first use)'
            cand commit 'Scrub, render and commit session files (or directories of them) into the store'
            cand completions 'Print the completion script for a shell'
            cand config 'Read and change the store''s settings (kept in its git config)'
            cand forget 'Take sessions back: remove them from the store''s branches, and from each remote on its next push; their source files are never committed again'
            cand fsck 'Check the store''s objects, refs, input cache and push state; --repair rebuilds from sources'
            cand gc 'Gather the store''s small packs and loose objects into one pack'
            cand ignore 'Keep sessions out of the store by source path or working directory'
            cand lint 'Check session files (Claude Code, Codex, Pi...) the way strict consumers read them'
            cand log 'Show the commits of a branch, newest first'
            cand login 'Log in to the Hugging Face Hub: check a token and keep it in the OS keyring'
            cand logout 'Forget the token `traces login` stored'
            cand push 'Push committed sessions to every enabled remote, or to those named'
            cand remote 'List, add, remove and re-point remotes'
            cand scan 'Report secrets scrubbing would redact, in files or on a remote, without committing'
            cand show 'Print one committed session in one rendering'
            cand source 'Manage the directories `traces sync` and `traces watch` commit from'
            cand status 'Show the store, sessions per branch and agent, last commits, and each remote''s push state'
            cand sync 'Commit sessions (the given paths, or every source), then push every remote with something new'
            cand visibility 'Show a Hub dataset''s visibility, or make it public or private'
            cand watch 'Commit sessions in the source directories as they are written, and push them'
            cand whoami 'Show who the Hub token belongs to, its role and where it came from (never the token)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;init'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;commit'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print the summary as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;completions'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;config'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand get 'Print one setting''s value (its default when unset)'
            cand set 'Change a setting'
            cand unset 'Return a setting to its default'
            cand list 'Every setting with its value and default'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;config;get'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;config;set'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;config;unset'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;config;list'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;config;help'= {
            cand get 'Print one setting''s value (its default when unset)'
            cand set 'Change a setting'
            cand unset 'Return a setting to its default'
            cand list 'Every setting with its value and default'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;config;help;get'= {
        }
        &'traces;config;help;set'= {
        }
        &'traces;config;help;unset'= {
        }
        &'traces;config;help;list'= {
        }
        &'traces;config;help;help'= {
        }
        &'traces;forget'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --list 'List the forgotten ids instead'
            cand --undo 'Let the given ids back in: their sessions return with the next commit of their files'
            cand --purge 'Also take them out of history: rewrite every branch without them, remove their objects from the store, and squash each remote that was sent them on its next push'
            cand --yes 'With --purge: rewrite without asking (required when stdin is not a terminal)'
            cand --json 'With --list: print a JSON array on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;fsck'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --repair 'Rebuild what can be rebuilt'
            cand --json 'Print the result as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;gc'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print the result as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;ignore'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)'
            cand list 'Show the patterns'
            cand remove 'Remove a pattern (sessions it kept out come in with the next commit)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;ignore;add'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --forget 'Forget the committed sessions that match, as `traces forget` does'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;ignore;list'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print the patterns as a JSON array on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;ignore;remove'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;ignore;help'= {
            cand add 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)'
            cand list 'Show the patterns'
            cand remove 'Remove a pattern (sessions it kept out come in with the next commit)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;ignore;help;add'= {
        }
        &'traces;ignore;help;list'= {
        }
        &'traces;ignore;help;remove'= {
        }
        &'traces;ignore;help;help'= {
        }
        &'traces;lint'= {
            cand --branch 'Check every session file on this branch of the store instead'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print the findings as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;log'= {
            cand --branch 'Branch to show: claude-code or row'
            cand -n 'Show at most N commits'
            cand --max-count 'Show at most N commits'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print commits as a JSON array on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;login'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --token-stdin 'Read the token from standard input'
            cand --insecure-storage 'Store the token in a file readable only by you (~/.config/traces/tokens) instead of the OS keyring'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;logout'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;push'= {
            cand --token-env 'Read the token from this environment variable instead of the usual chain'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --dry-run 'Show what would be sent without sending it'
            cand --json 'Print the results as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;remote'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'Show the remotes, their URLs and formats'
            cand add 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository'
            cand remove 'Remove a remote and its push state'
            cand set-public 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private'
            cand set-url 'Change a remote''s URL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;remote;list'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print the remotes as a JSON array on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;remote;add'= {
            cand --format 'Which rendering the remote receives'
            cand --role 'What the remote is for: personal (your own dataset: skipped when sharing is off or you have no token), org (the shared dataset: the org token chain) or none'
            cand --token-chain 'Where its token comes from, in order: environment variable names, `login` (the `traces login` entry) and `hf-cache` (the huggingface-cli token file); default: the role''s chain'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;remote;remove'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;remote;set-public'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;remote;set-url'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;remote;help'= {
            cand list 'Show the remotes, their URLs and formats'
            cand add 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository'
            cand remove 'Remove a remote and its push state'
            cand set-public 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private'
            cand set-url 'Change a remote''s URL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;remote;help;list'= {
        }
        &'traces;remote;help;add'= {
        }
        &'traces;remote;help;remove'= {
        }
        &'traces;remote;help;set-public'= {
        }
        &'traces;remote;help;set-url'= {
        }
        &'traces;remote;help;help'= {
        }
        &'traces;scan'= {
            cand --remote 'Scan every session file on this remote''s main branch instead'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --check-rules 'Check the custom rules file: every rule compiles and its samples pass'
            cand --json 'Print findings as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;show'= {
            cand --format 'Rendering to print: claude_code or row'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print where the file is and which sessions its lines belong to, as JSON, instead of the file'
            cand --scrubbed-report 'List where the committed file was redacted: each rule that fired, with its line and JSON path (never the text); with --json, as a JSON array'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;source'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a directory; it is walked for sessions (symlinks are not followed)'
            cand set 'Change where a source''s sessions go (new pushes only: nothing already pushed moves)'
            cand list 'Show the source directories and their formats'
            cand remove 'Stop committing from a directory (nothing committed from it is removed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;source;add'= {
            cand --format 'Which files are sessions: auto (*.json and *.jsonl), ml_intern (*.json), claude_code, codex, pi, droid (*.jsonl). Default: the agent''s, for a directory an agent writes to (~/.claude/projects, ~/.codex/sessions, ~/.pi/agent/sessions...), else auto'
            cand --remote 'Send this source''s sessions only to these remotes (repeat it; default: every remote)'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --detect 'Add the standard session directory of every agent installed here (Claude Code, Codex, Pi, Factory Droid, ml-intern) that is not a source yet'
            cand --private 'Mark the source private: its sessions never go to a remote marked public'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;source;set'= {
            cand --remote 'Send its sessions only to these remotes (repeat it)'
            cand --private 'Mark it private (never sent to a public remote), or not: true or false'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --all-remotes 'Send its sessions to every remote again'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;source;list'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print the sources as a JSON array on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;source;remove'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;source;help'= {
            cand add 'Add a directory; it is walked for sessions (symlinks are not followed)'
            cand set 'Change where a source''s sessions go (new pushes only: nothing already pushed moves)'
            cand list 'Show the source directories and their formats'
            cand remove 'Stop committing from a directory (nothing committed from it is removed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;source;help;add'= {
        }
        &'traces;source;help;set'= {
        }
        &'traces;source;help;list'= {
        }
        &'traces;source;help;remove'= {
        }
        &'traces;source;help;help'= {
        }
        &'traces;status'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print the status as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;sync'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --background 'Return once committed; push from a detached process'
            cand --json 'Print what happened as JSON on stdout'
            cand --push-only 'Only push (what the detached process of --background runs)'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;visibility'= {
            cand --remote 'The remote whose dataset this is'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --force 'Make it public even though the scan found something'
            cand --yes 'Confirm --force without a terminal'
            cand --json 'Print as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;watch'= {
            cand --interval 'Seconds between two looks at the sources'
            cand --settle 'Seconds a file must stay unchanged before it is committed'
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;whoami'= {
            cand --store 'Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)'
            cand --color 'Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never'
            cand --json 'Print as JSON on stdout'
            cand -q 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand --quiet 'Print only errors and warnings on stderr (stdout is unchanged)'
            cand -v 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand --verbose 'Say more on stderr (each session''s outcome, where tokens came from)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'traces;help'= {
            cand init 'Create an empty store (commit also creates it on first use)'
            cand commit 'Scrub, render and commit session files (or directories of them) into the store'
            cand completions 'Print the completion script for a shell'
            cand config 'Read and change the store''s settings (kept in its git config)'
            cand forget 'Take sessions back: remove them from the store''s branches, and from each remote on its next push; their source files are never committed again'
            cand fsck 'Check the store''s objects, refs, input cache and push state; --repair rebuilds from sources'
            cand gc 'Gather the store''s small packs and loose objects into one pack'
            cand ignore 'Keep sessions out of the store by source path or working directory'
            cand lint 'Check session files (Claude Code, Codex, Pi...) the way strict consumers read them'
            cand log 'Show the commits of a branch, newest first'
            cand login 'Log in to the Hugging Face Hub: check a token and keep it in the OS keyring'
            cand logout 'Forget the token `traces login` stored'
            cand push 'Push committed sessions to every enabled remote, or to those named'
            cand remote 'List, add, remove and re-point remotes'
            cand scan 'Report secrets scrubbing would redact, in files or on a remote, without committing'
            cand show 'Print one committed session in one rendering'
            cand source 'Manage the directories `traces sync` and `traces watch` commit from'
            cand status 'Show the store, sessions per branch and agent, last commits, and each remote''s push state'
            cand sync 'Commit sessions (the given paths, or every source), then push every remote with something new'
            cand visibility 'Show a Hub dataset''s visibility, or make it public or private'
            cand watch 'Commit sessions in the source directories as they are written, and push them'
            cand whoami 'Show who the Hub token belongs to, its role and where it came from (never the token)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'traces;help;init'= {
        }
        &'traces;help;commit'= {
        }
        &'traces;help;completions'= {
        }
        &'traces;help;config'= {
            cand get 'Print one setting''s value (its default when unset)'
            cand set 'Change a setting'
            cand unset 'Return a setting to its default'
            cand list 'Every setting with its value and default'
        }
        &'traces;help;config;get'= {
        }
        &'traces;help;config;set'= {
        }
        &'traces;help;config;unset'= {
        }
        &'traces;help;config;list'= {
        }
        &'traces;help;forget'= {
        }
        &'traces;help;fsck'= {
        }
        &'traces;help;gc'= {
        }
        &'traces;help;ignore'= {
            cand add 'Add a pattern; committed sessions that already match are listed (forgotten with --forget)'
            cand list 'Show the patterns'
            cand remove 'Remove a pattern (sessions it kept out come in with the next commit)'
        }
        &'traces;help;ignore;add'= {
        }
        &'traces;help;ignore;list'= {
        }
        &'traces;help;ignore;remove'= {
        }
        &'traces;help;lint'= {
        }
        &'traces;help;log'= {
        }
        &'traces;help;login'= {
        }
        &'traces;help;logout'= {
        }
        &'traces;help;push'= {
        }
        &'traces;help;remote'= {
            cand list 'Show the remotes, their URLs and formats'
            cand add 'Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository'
            cand remove 'Remove a remote and its push state'
            cand set-public 'Mark a remote public (true) or not (false): a public remote never receives the sessions of a source marked private'
            cand set-url 'Change a remote''s URL'
        }
        &'traces;help;remote;list'= {
        }
        &'traces;help;remote;add'= {
        }
        &'traces;help;remote;remove'= {
        }
        &'traces;help;remote;set-public'= {
        }
        &'traces;help;remote;set-url'= {
        }
        &'traces;help;scan'= {
        }
        &'traces;help;show'= {
        }
        &'traces;help;source'= {
            cand add 'Add a directory; it is walked for sessions (symlinks are not followed)'
            cand set 'Change where a source''s sessions go (new pushes only: nothing already pushed moves)'
            cand list 'Show the source directories and their formats'
            cand remove 'Stop committing from a directory (nothing committed from it is removed)'
        }
        &'traces;help;source;add'= {
        }
        &'traces;help;source;set'= {
        }
        &'traces;help;source;list'= {
        }
        &'traces;help;source;remove'= {
        }
        &'traces;help;status'= {
        }
        &'traces;help;sync'= {
        }
        &'traces;help;visibility'= {
        }
        &'traces;help;watch'= {
        }
        &'traces;help;whoami'= {
        }
        &'traces;help;help'= {
        }
    ]
    $completions[$command]
}
