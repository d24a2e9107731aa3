" kota.vim: kota's index in vim (see :help kota).
" Tags from the index (tagfunc), and quickfix lists of references and
" callers, by running kota-get; no tags file to keep current.
if exists('g:loaded_kota') || !exists('&tagfunc')
  finish
endif
let g:loaded_kota = 1

" The kota-get to run, and whether to answer from the index of the work
" tree (kota-hook worktree) rather than HEAD's.
let g:kota_get = get(g:, 'kota_get', 'kota-get')
let g:kota_worktree = get(g:, 'kota_worktree', 0)

function! s:get(args) abort
  let l:cmd = [g:kota_get, '--full-name'] + (g:kota_worktree ? ['--worktree'] : []) + a:args
  return systemlist(join(map(l:cmd, 'shellescape(v:val)')))
endfunction

" The top of the work tree: kota-get's --full-name paths are relative to it.
function! s:top() abort
  let l:top = trim(system('git rev-parse --show-toplevel 2>/dev/null'))
  return v:shell_error ? getcwd() : l:top
endfunction

" tagfunc: the definitions of the name (qualified names work), as tag
" entries whose address is the line number the index has.
function! KotaTagfunc(pattern, flags, info) abort
  if a:flags =~# 'r'
    return v:null	" a regex: let vim search its tags files
  endif
  let l:top = s:top()
  let l:tags = []
  for l:line in s:get(['--format=grep', '--', a:pattern])
    let l:m = matchlist(l:line, '\v^(.{-}):(\d+):(\d+): (\S+) (\S+)')
    if empty(l:m)
      continue
    endif
    call add(l:tags, {'name': a:pattern, 'filename': l:top . '/' . l:m[1],
          \ 'cmd': l:m[2], 'kind': l:m[4]})
  endfor
  return empty(l:tags) ? v:null : l:tags
endfunction

" :KotaRefs, :KotaCallers, :KotaDef [NAME]: a quickfix list (the word
" under the cursor by default).
function! s:quickfix(what, name) abort
  let l:name = empty(a:name) ? expand('<cword>') : a:name
  let l:args = a:what ==# 'def' ? ['--', l:name] : ['--' . a:what, '--', l:name]
  let l:lines = s:get(['--format=grep'] + l:args)
  let l:top = s:top()
  call setqflist([], ' ', {'title': 'kota ' . a:what . ' ' . l:name,
        \ 'lines': map(l:lines, {_, l -> l:top . '/' . l})})
  if empty(l:lines)
    echomsg 'kota: nothing for ' . l:name
  else
    copen
  endif
endfunction

command! -nargs=? KotaRefs call s:quickfix('refs', <q-args>)
command! -nargs=? KotaCallers call s:quickfix('callers', <q-args>)
command! -nargs=? KotaDef call s:quickfix('def', <q-args>)

if get(g:, 'kota_tagfunc', 1)
  set tagfunc=KotaTagfunc
endif
