" Vim syntax file for .smm (IoT Security Maturity Model profiles,
" assessments, tests).  The keywords are those of compiler/keywords.def
" (tests/editors/ holds this file to it).
"
" Keywords are reserved only where the grammar needs them, so a keyword can
" be a name (`system target {`, `practice version`): every item here is a
" `syn match` (a `syn keyword` would beat any match), and the names after a
" declaring keyword and at the start of a setting line are defined last, so
" they win over a keyword starting at the same place.
if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn iskeyword @,48-57,_,-
syn case match

" A word is a name or keyword: not preceded or followed by a name character.
let s:b = '\%([A-Za-z0-9_.-]\)\@1<!'
let s:e = '\%([A-Za-z0-9_-]\|\.\h\)\@!'
let s:name = '\h[A-Za-z0-9_-]*\%(\.\h[A-Za-z0-9_-]*\)*'
function! s:Words(group, words, ...) abort
  execute 'syn match ' . a:group . ' /' . s:b . '\%(' . join(a:words, '\|') . '\)' . s:e . '/ ' . join(a:000)
endfunction
" NAME after one of the words (the words themselves matched separately)
function! s:After(group, words) abort
  execute 'syn match ' . a:group . ' /\%(' . s:b . '\%(' . join(a:words, '\|') . '\)\s\+\)\@<=' . s:name . s:e . '/'
endfunction

" ---------------------------------------------------------------- keywords
call s:Words('smmInclude', ['import'])
call s:Words('smmDeclare', ['model', 'profile', 'assessment', 'test', 'dimension', 'domain', 'practice'])
call s:Words('smmKeyword', ['alias', 'assessor', 'because', 'consider', 'considers', 'date', 'doc',
      \ 'errors', 'evidence', 'expect', 'extends', 'gaps', 'level', 'met', 'not_applicable', 'owner',
      \ 'require', 'rollup', 'scope', 'set_by', 'status', 'tags', 'target', 'until', 'version', 'waive'])
call s:Words('smmScope', ['general', 'industry', 'sector', 'system'])
call s:Words('smmLevelWord', ['none', 'minimum', 'ad_hoc', 'consistent', 'formalized'])
" `sector NAME {` and `system NAME {` open a block (language.md §5.1)
execute 'syn match smmBlock /' . s:b . '\%(sector\|system\)\ze\s\+' . s:name . '\s*{/'

" ---------------------------------------------------------------- literals
syn match smmBadNumber /\%([A-Za-z0-9_.-]\)\@1<!\d\+[A-Za-z_.-][A-Za-z0-9_.-]*/
syn match smmNumber /\%([A-Za-z0-9_.-]\)\@1<!\d\+\%([A-Za-z0-9_.-]\)\@!/
syn match smmDate /\%([A-Za-z0-9_.-]\)\@1<!\d\{4}-\d\d-\d\d\%([A-Za-z0-9_.-]\)\@!/
syn match smmOperator /[<>]\?=\|\.\*/
syn match smmDelimiter /[{};,]/

" ---------------------------------------------------------------- names
" (defined after the keywords: at the same start, the last match wins)
call s:After('smmDeclName', ['model', 'profile', 'assessment', 'test', 'dimension', 'domain', 'practice'])
call s:After('smmRef', ['import', 'extends', 'target', 'set_by', 'considers', 'met', 'consider'])
call s:After('smmPath', ['require', 'waive', 'expect'])
" the rest of an `extends A, B` list
execute 'syn match smmRef /\%(' . s:b . 'extends\s\+\%(' . s:name . '\s*,\s*\)\+\)\@<=' . s:name . s:e . '/'
" `model` after the profile's name is the model it targets, not a declaration
execute 'syn match smmKeyword /\%(\S\s\+\)\@<=model' . s:e . '/'
" in a profile header: model NAME is the model it targets
execute 'syn match smmRef /\%(\S\s\+model\s\+\)\@<=' . s:name . s:e . '/'
" target PROFILE sector S system Y: the selection names
execute 'syn match smmRef /\%(' . s:b . 'target\s\+' . s:name . '\s\+\%(sector\s\+' . s:name . '\s\+\)\=\%(sector\|system\)\s\+\)\@<=' . s:name . s:e . '/'
execute 'syn match smmBlockName /\%(' . s:b . '\%(sector\|system\)\s\+\)\@<=' . s:name . '\ze\s*{/'
" the practice of a setting or assessment line, and the name after `alias X`
execute 'syn match smmPath /\%(^\s*\|[;{]\s*\|\*\/\s*\)\@<=' . s:name . s:e
      \ . '\ze\%(\.\*\)\=\s*\%(=\|scope\>\|not_applicable\>\)/'
execute 'syn match smmDeclName /\%(' . s:b . 'alias\s\+' . s:name . '\s\+\)\@<=' . s:name . s:e . '/'
" `expect gaps >= 1`, `expect errors = 0`: counts, not paths
execute 'syn match smmKeyword /\%(' . s:b . 'expect\s\+\)\@<=\%(gaps\|errors\)\ze\s*[<>]\?=/'
" the values after status, set_by PROFILE, rollup, evidence
execute 'syn match smmConstant /\%(' . s:b . 'status\s\+\)\@<=\%(met\|gap\|over-target\|not-assessed\|not-applicable\|waived\)' . s:e . '/'
execute 'syn match smmConstant /\%(' . s:b . 'set_by\s\+' . s:name . '\s\+\)\@<=\%(body\|sector\|system\|default\)' . s:e . '/'
execute 'syn match smmConstant /\%(' . s:b . 'rollup\s\+\)\@<=\%(min\|mean\)' . s:e . '/'
execute 'syn match smmConstant /\%(' . s:b . 'evidence\s\+\)\@<=strict' . s:e . '/'
" consider PATH level N ID: the consideration's id
execute 'syn match smmDeclName /\%(' . s:b . 'level\s\+\S\+\s\+\)\@<=' . s:name . s:e . '\ze\s*"/'

" ---------------------------------------------------------------- strings, comments
syn match smmEscape /\\\%(["\\nt]\|u{\x\{1,6}}\)/ contained
syn match smmBadEscape /\\\%(["\\nt]\|u{\x\{1,6}}\)\@!./ contained
syn region smmString start=/"/ skip=/\\./ end=/"\|$/ oneline contains=smmEscape,smmBadEscape
syn region smmTripleString start=/"""/ skip=/\\./ end=/"""/ contains=smmEscape,smmBadEscape
syn keyword smmTodo TODO FIXME XXX NOTE contained
syn match smmExpectation /\<expect-\%(error\|warning\|note\)\%(@[+-]\d\+\)\=:/ contained
syn region smmComment start=+//+ end=/$/ contains=smmTodo,smmExpectation,@Spell
syn region smmComment start=/#/ end=/$/ contains=smmTodo,smmExpectation,@Spell
syn region smmBlockComment start=+/\*+ end=+\*/+ contains=smmTodo,smmExpectation,@Spell fold
syn region smmFold matchgroup=smmDelimiter start=/{/ end=/}/ transparent fold

syn sync ccomment smmBlockComment minlines=50

hi def link smmInclude      Include
hi def link smmDeclare      Structure
hi def link smmKeyword      Keyword
hi def link smmBlock        Structure
hi def link smmScope        Constant
hi def link smmLevelWord    Constant
hi def link smmConstant     Constant
hi def link smmNumber       Number
hi def link smmDate         Number
hi def link smmBadNumber    Error
hi def link smmOperator     Operator
hi def link smmDelimiter    Delimiter
hi def link smmDeclName     Function
hi def link smmBlockName    Function
hi def link smmRef          Type
hi def link smmPath         Identifier
hi def link smmString       String
hi def link smmTripleString String
hi def link smmEscape       SpecialChar
hi def link smmBadEscape    Error
hi def link smmComment      Comment
hi def link smmBlockComment Comment
hi def link smmTodo         Todo
hi def link smmExpectation  SpecialComment

let b:current_syntax = 'smm'
let &cpo = s:cpo_save
unlet s:cpo_save
