" Vim filetype detection for .smm (IoT Security Maturity Model) files.
autocmd BufRead,BufNewFile *.smm setfiletype smm
