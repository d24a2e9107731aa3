;; inherits: c_family
;; kota tags query for C (tree-sitter-c 0.23, run by kota-parse): c_family.scm,
;; what C shares with C++, and then what is C's own.
;; Captures (besides those of c_family.scm): function definitions (function),
;; struct / union / enum with a body (struct, union, enum), file-scope
;; variables incl. static (variable), struct / union members (field).
;; Not captured: prototypes, extern variable declarations, locals, parameters,
;; labels, forward declarations (struct foo;), anonymous struct/union/enum.
;; Tree-sitter 0.20 queries cannot recurse: declarator chains are unrolled a
;; few levels. Alternations are kept off sibling positions (and type: constraints
;; few), which make 0.20's query analysis slow: ts_query_new takes about 30 ms.

;; Function definitions (prototypes are not captured). The second pattern:
;; `static int ATTRIBUTE_MACRO\nname (...)` parses with the macro as the name
;; and the real name in an ERROR node; the first is anchored to not take the
;; macro for the name.  A statement after a macro call without `;`
;; (`list_for_each_entry(pos) if (...) {`, `DBG(x) switch (...) {`) or an
;; `else if (...) {` whose `if` is in another #ifdef branch parses as a
;; function definition named if, switch, while (or for): not functions.
(function_definition
  declarator: [
    (function_declarator declarator: (identifier) @name . parameters: (_))
    (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name . parameters: (_)))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator declarator: (identifier) @name . parameters: (_))))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator
          declarator: (function_declarator declarator: (identifier) @name . parameters: (_)))))]
  body: (_)
  (#not-eq? @name "if")
  (#not-eq? @name "switch")
  (#not-eq? @name "while")
  (#not-eq? @name "for")) @definition.function
(function_definition
  declarator: [
    (_ declarator: (identifier) (ERROR . (identifier) @name .))
    (pointer_declarator declarator: (_ declarator: (identifier) (ERROR . (identifier) @name .)))]
  body: (_)
  (#not-eq? @name "if")
  (#not-eq? @name "switch")
  (#not-eq? @name "while")
  (#not-eq? @name "for")) @definition.function

;; Types with a body (forward declarations are skipped)
(struct_specifier name: (type_identifier) @name body: (_)) @definition.struct
(union_specifier name: (type_identifier) @name body: (_)) @definition.union
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum

;; Fields of struct/union (function pointers included). Same definition node
;; rule as typedef.
(field_declaration
  type: (_ !body)
  declarator: [
    (field_identifier) @name
    (_ !parameters
      declarator: [
        (field_identifier) @name
        (_ !parameters
          declarator: [
            (field_identifier) @name
            (_ !parameters declarator: (field_identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            (_
              declarator: [
                (field_identifier) @name
                (_ !parameters declarator: (field_identifier) @name)])))])
    (function_declarator
      declarator: (parenthesized_declarator
        (_
          declarator: [
            (field_identifier) @name
            (_ !parameters declarator: (field_identifier) @name)])))]) @definition.field
(field_declaration
  type: (_ !name body: (_))
  declarator: [
    (field_identifier) @name
    (_ !parameters
      declarator: [
        (field_identifier) @name
        (_ !parameters
          declarator: [
            (field_identifier) @name
            (_ !parameters declarator: (field_identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            (_
              declarator: [
                (field_identifier) @name
                (_ !parameters declarator: (field_identifier) @name)])))])
    (function_declarator
      declarator: (parenthesized_declarator
        (_
          declarator: [
            (field_identifier) @name
            (_ !parameters declarator: (field_identifier) @name)])))]) @definition.field
(field_declaration
  type: (_ name: (_) body: (_))
  declarator: [
    (field_identifier) @name
    (_ !parameters
      declarator: [
        (field_identifier) @name
        (_ !parameters
          declarator: [
            (field_identifier) @name
            (_ !parameters declarator: (field_identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            (_
              declarator: [
                (field_identifier) @name
                (_ !parameters declarator: (field_identifier) @name)])))])
    (function_declarator
      declarator: (parenthesized_declarator
        (_
          declarator: [
            (field_identifier) @name
            (_ !parameters declarator: (field_identifier) @name)])))] @definition.field)

;; Global variables, static ones too (not extern declarations, prototypes or
;; locals): declarations at file scope, in extern "C" {}, also
;; under #if/#ifdef (two levels). One symbol per declarator, all
;; with the whole declaration as definition node (a struct defined along,
;; `struct s {..} v;`, nests under v). The `;` must be real:
;; `API_MACRO int\nname(...);` parses as a declaration `API_MACRO int` with a
;; MISSING (empty) `;` followed by the prototype.
(translation_unit
  (declaration
    declarator: [
      (identifier) @name
      (_ !parameters
        declarator: [
          (identifier) @name
          (_ !parameters
            declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])
          (function_declarator
            declarator: (parenthesized_declarator
              (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))])
      (function_declarator
        declarator: (parenthesized_declarator
          (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))]
    ";" @_semi
    (#eq? @_semi ";")) @definition.variable
  (#not-match? @definition.variable "^extern"))
(translation_unit
  (_ !body
    (declaration
      declarator: [
        (identifier) @name
        (_ !parameters
          declarator: [
            (identifier) @name
            (_ !parameters
              declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])
            (function_declarator
              declarator: (parenthesized_declarator
                (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))])
        (function_declarator
          declarator: (parenthesized_declarator
            (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))]
      ";" @_semi
      (#eq? @_semi ";")) @definition.variable
    (#not-match? @definition.variable "^extern")))
(translation_unit
  (_ !body
    (_ !body
      (declaration
        declarator: [
          (identifier) @name
          (_ !parameters
            declarator: [
              (identifier) @name
              (_ !parameters
                declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])
              (function_declarator
                declarator: (parenthesized_declarator
                  (_
                    declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))])
          (function_declarator
            declarator: (parenthesized_declarator
              (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))]
        ";" @_semi
        (#eq? @_semi ";")) @definition.variable
      (#not-match? @definition.variable "^extern"))))
(declaration_list
  (declaration
    declarator: [
      (identifier) @name
      (_ !parameters
        declarator: [
          (identifier) @name
          (_ !parameters
            declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])
          (function_declarator
            declarator: (parenthesized_declarator
              (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))])
      (function_declarator
        declarator: (parenthesized_declarator
          (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))]
    ";" @_semi
    (#eq? @_semi ";")) @definition.variable
  (#not-match? @definition.variable "^extern"))
(declaration_list
  (_ !body
    (declaration
      declarator: [
        (identifier) @name
        (_ !parameters
          declarator: [
            (identifier) @name
            (_ !parameters
              declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])
            (function_declarator
              declarator: (parenthesized_declarator
                (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))])
        (function_declarator
          declarator: (parenthesized_declarator
            (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))]
      ";" @_semi
      (#eq? @_semi ";")) @definition.variable
    (#not-match? @definition.variable "^extern")))
