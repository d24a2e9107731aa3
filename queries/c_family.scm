;; kota tags query for what C and C++ share: not a language of its own, but
;; the start of c.scm and cpp.scm, which both begin with `; inherits: c_family`
;; and add their own functions, types, fields and variables (C++'s methods
;; must come before functions, and its declarators have references, so these
;; differ).  Every pattern here must compile with the c and the cpp grammars.
;; Captures: #define object- and function-like macros (macro), enumerators
;; (variant), typedef names (type; `typedef struct {..} name` gives only the
;; type).
;; Tree-sitter 0.20 queries cannot recurse: declarator chains are unrolled a
;; few levels.
;;
;; The patterns of the inheriting queries come after these, and the first
;; pattern that matches a node wins: theirs capture other nodes than these.

;; Macros: object-like and function-like #define
(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

;; Enumerators
(enumerator name: (identifier) @name) @definition.variant

;; typedef: one symbol per declarator. The definition node is the whole
;; typedef (several declarators share it), or the declarator when the typedef
;; also defines a named struct/union/enum (typedef struct foo {..} foo_t;) so
;; that the struct does not become a child of the typedef.
(type_definition
  type: (_ !body)
  declarator: [
    [(type_identifier) (primitive_type)] @name
    (_
      declarator: [
        (type_identifier) @name
        (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            [
              (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
              (type_identifier) @name]))])
    (function_declarator
      declarator: (parenthesized_declarator
        [
          (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
          (type_identifier) @name]))]) @definition.type
(type_definition
  type: (_ !name body: (_))
  declarator: [
    [(type_identifier) (primitive_type)] @name
    (_
      declarator: [
        (type_identifier) @name
        (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            [
              (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
              (type_identifier) @name]))])
    (function_declarator
      declarator: (parenthesized_declarator
        [
          (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
          (type_identifier) @name]))]) @definition.type
(type_definition
  type: (_ name: (_) body: (_))
  declarator: [
    [(type_identifier) (primitive_type)] @name
    (_
      declarator: [
        (type_identifier) @name
        (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            [
              (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
              (type_identifier) @name]))])
    (function_declarator
      declarator: (parenthesized_declarator
        [
          (_ declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name)])
          (type_identifier) @name]))] @definition.type)

;; ---- references (C and C++) ----
;; Calls by name and through a member, f(x), s.f(x), p->f(x) (qualifier
;; "s." or "p->"); a callee in capitals, FOO(x) (two or more), is taken for a macro (the
;; grammar cannot tell a macro invocation from a call).  #include paths, as
;; imports (without quotes or angle brackets).  Type names used in
;; declarations, parameters, fields, casts and sizeof (type), and struct /
;; union / enum tags so used.  Not captured: calls through function
;; pointers ((*fp)(x), fp(x) looks like a call of fp), object-like macros
;; used as values, types inside macro arguments.  A statement after a macro
;; call without `;` (for_each_item(p) if ...) parses as a function
;; definition: its "parameters" (p) come out as type references, and the
;; macro call is not seen; keywords so taken (else) are left out.
((call_expression function: (identifier) @name) @reference.call
  (#not-match? @name "^[A-Z][A-Z0-9_]+$"))
((call_expression function: (identifier) @name) @reference.macro
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
(call_expression
  function: (field_expression argument: (_) @qualifier field: (field_identifier) @name)) @reference.call
(preproc_include path: [(string_literal) (system_lib_string)] @name) @reference.import
((_ type: (type_identifier) @name) @reference.type
  (#not-match? @name "^(else|if|for|while|do|switch|case|return|goto|break|continue|sizeof)$"))
(_ type: [(struct_specifier name: (type_identifier) @name !body)
          (union_specifier name: (type_identifier) @name !body)
          (enum_specifier name: (type_identifier) @name !body)]) @reference.type
