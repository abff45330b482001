" Vim filetype plugin for .smm files: comments, the formatter, two-space
" indentation (the layout of `smmc fmt`, docs/fmt.md).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://,:#
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
" gq formats a range through `smmc fmt -` (standard input to standard output)
setlocal formatprg=smmc\ fmt\ -
setlocal iskeyword=@,48-57,_,-
setlocal suffixesadd=.smm
" `import a.b` is the file a/b.smm
setlocal includeexpr=substitute(v:fname,'\\.','/','g')
setlocal include=^\\s*import\\>

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth<'
      \ . ' softtabstop< formatprg< iskeyword< suffixesadd< includeexpr< include<'
