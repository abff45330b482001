" Vim indent file for .smm: the indentation of `smmc fmt` (docs/fmt.md).
" Two spaces per open '{'; a line that continues the statement above it
" (`because`, `evidence`, `extends`, `owner`, `until`, a string) one more
" level; '}' at its header's level; top-level declarations at column one.
" Only the first line of a block comment or triple-quoted string is
" indented: their inner lines are text.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetSmmIndent(v:lnum)
setlocal indentkeys=0{,0},0#,!^F,o,O,e,=because,=evidence,=extends,=owner,=until
setlocal autoindent
let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent<'

if exists('*GetSmmIndent')
  finish
endif

" (`evidence strict` in a profile is a statement of its own)
let s:continues = '^\s*\%(\%(because\|extends\|owner\|until\)\>\|evidence\s*\%("\|$\)\|"\)'

function! s:InText(lnum, col) abort
  let name = synIDattr(synID(a:lnum, a:col, 0), 'name')
  return name =~# 'smm\%(TripleString\|BlockComment\)'
endfunction

" The line without its trailing comment and whitespace.
function! s:Code(lnum) abort
  let line = getline(a:lnum)
  let line = substitute(line, '\s*\%(//\|#\).*$', '', '')
  return substitute(line, '\s\+$', '', '')
endfunction

function! GetSmmIndent(lnum) abort
  let line = getline(a:lnum)
  let first = match(line, '\S') + 1
  if first > 0 && s:InText(a:lnum, first) && !(line =~# '^\s*\%(/\*\|"""\)')
    return -1
  endif
  if line =~# '^\s*\%(import\|model\|profile\|assessment\|test\)\>' && line !~# '^\s*model\s\+\S\+\s*{\=\s*$'
    return 0
  endif
  " the previous code line, skipping blank lines and comment-only lines
  let prev = prevnonblank(a:lnum - 1)
  while prev > 0 && getline(prev) =~# '^\s*\%(//\|#\)'
    let prev = prevnonblank(prev - 1)
  endwhile
  if prev == 0
    return 0
  endif
  " the line that starts the statement the previous line belongs to
  let start = prev
  while start > 1 && getline(start) =~# s:continues
    let start = prevnonblank(start - 1)
  endwhile
  let ind = indent(start)
  let code = s:Code(prev)
  if code =~# '{$'
    let ind += shiftwidth()
  elseif line =~# s:continues
    return ind + shiftwidth()
  endif
  if line =~# '^\s*}'
    let ind -= shiftwidth()
  endif
  return ind < 0 ? 0 : ind
endfunction
