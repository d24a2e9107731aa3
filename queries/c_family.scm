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
