" Vim compiler file for smmc: `:compiler smmc`, then `:make` checks the
" current file (`smmc check`: compile errors and the gaps of its
" assessments) and fills the quickfix list with smmc's diagnostics,
" notes included (as entries of type 'n' under the error they explain).
" The source line and the caret line under each diagnostic are skipped.
" Set g:smmc_command (default 'smmc') and g:smmc_args (e.g. '--stdlib ~/smm')
" before `:compiler smmc` to change the command line.
if exists('current_compiler')
  finish
endif
let current_compiler = 'smmc'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

let s:cmd = get(g:, 'smmc_command', 'smmc') . ' check -q --color never '
      \ . get(g:, 'smmc_args', '') . ' %:S'
execute 'CompilerSet makeprg=' . escape(s:cmd, ' \|"')

CompilerSet errorformat=
      \%f:%l:%c:\ %trror:\ %m,
      \%f:%l:%c:\ %tarning:\ %m,
      \%f:%l:%c:\ %tote:\ %m,
      \%f:%l:%c:\ remark:\ %m,
      \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
