; kota tags query for Bash / POSIX sh (tree-sitter-bash 0.23).
;
; Captures:
;   function  every function definition, in any of its forms (`f() {...}`,
;             `function f {...}`, `function f() (...)`), at any depth
;             (nested functions, functions under if/case at the top level)
;   variable  assignments that are statements of their own at the top level
;             of the script: `X=1`, `A=1 B=2`, and the assignments of a
;             top-level declaration command (`export X=1 Y=2`, `readonly X=1`,
;             `declare -a X=(...)`, `typeset X=1`); one symbol per assigned
;             name, whose range is the `NAME=VALUE` assignment (without the
;             `export`/`readonly` word)
; Not captured: aliases, assignments inside functions (`local x=1`) or under
; if/for/case, prefix assignments of a command (`X=1 cmd`), declarations
; without a value (`export X`, `declare -a X`), array element assignments
; (`a[1]=x`), `read X`, `for X in`.
;
; Parse errors: tree-sitter-bash 0.23 fails on some valid scripts (e.g.
; `[ "$a" "$b" ]`), often turning the rest of the file, or all of it, into
; ERROR nodes. The last three patterns recover the NAME of a function whose
; definition broke that way (range: the name only, or the `NAME` command):
; ERROR children `NAME ( ) {`, `function NAME`, and a command `NAME` followed
; by an ERROR that starts with `( )`. Top-level variables of a file whose
; root is an ERROR node are not found.

(function_definition
  name: (word) @name) @definition.function

(program
  (variable_assignment
    name: (variable_name) @name) @definition.variable)

(program
  (variable_assignments
    (variable_assignment
      name: (variable_name) @name) @definition.variable))

(program
  (declaration_command
    (variable_assignment
      name: (variable_name) @name) @definition.variable))

; --- recovery of functions broken by a parse error ---
(ERROR
  (word) @name @definition.function
  .
  "("
  .
  ")"
  .
  "{")

(ERROR
  "function"
  .
  (word) @name @definition.function)

((command
   name: (command_name
     (word) @name)) @definition.function
 .
 (ERROR
   .
   "("
   .
   ")"))

;; ---- references ----
;; Every command named by a plain word, the script's own functions,
;; builtins and programs alike (call); `source FILE` and `. FILE` with one
;; static word as the file (import, not also a call).  Not captured:
;; commands named by an expansion ($cmd x), eval'd strings, sourced paths
;; with expansions in them.
((command name: (command_name (word) @name)) @reference.call
  (#not-match? @name "^(source|\\.)$"))
((command name: (command_name (word) @_src) . argument: (word) @name .) @reference.import
  (#match? @_src "^(source|\\.)$"))
