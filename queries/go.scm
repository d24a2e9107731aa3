; kota tags query for Go (tree-sitter-go 0.23.x).
; Captures (@definition.KIND on the whole definition, @name on its name):
;   function   func declarations
;   method     methods (funcs with a receiver: top-level, so no parent) and
;              method specs of interface types (wherever the interface is)
;   struct     type specs and aliases whose type is a struct (generic too)
;   interface  type specs and aliases whose type is an interface
;   type       every other type spec or alias (`type ID int`, `type A = B`)
;   field      fields of those structs, and of anonymous structs nested in
;              their fields; embedded fields (`io.Reader`, `*T`, `G[int]`) are
;              named by their type name (`Reader`, `T`, `G`)
;   constant   const specs, top-level or local
;   variable   top-level var specs, except `_`
; A type/const/var symbol spans its spec (`S struct {...}`, `A = 1`), not the
; `type`/`const`/`var` keyword, so that grouped and single declarations are
; handled alike (tree-sitter 0.20 cannot tell `type (A int)` from `type A int`
; reliably without a text predicate).  Names declared together (`x, y int`,
; `A, B = 1, 2`) are separate matches of ONE pattern on ONE node: one symbol
; per name, all with the range of the shared spec/field declaration.
; Not captured: package clause, imports, local vars, func literals, fields of
; anonymous structs used elsewhere (test tables, `var x struct{...}`),
; embedded interfaces and type-set elements in interfaces.
; No node is captured by two patterns, but for the receiver's two below.

(function_declaration name: (identifier) @name) @definition.function

; methods, qualified (for their ids) by the receiver's type name, so that
; T's String and U's String need no ordinal; any other receiver, last
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [
        (type_identifier) @scope
        (pointer_type (type_identifier) @scope)
        (generic_type type: (type_identifier) @scope)
        (pointer_type (generic_type type: (type_identifier) @scope))
      ]))
  name: (field_identifier) @name) @definition.method

(method_declaration name: (field_identifier) @name) @definition.method

; --- type specs and aliases
[
  (type_spec name: (type_identifier) @name type: (struct_type))
  (type_alias name: (type_identifier) @name type: (struct_type))
] @definition.struct

[
  (type_spec name: (type_identifier) @name type: (interface_type))
  (type_alias name: (type_identifier) @name type: (interface_type))
] @definition.interface

[
  (type_spec name: (type_identifier) @name type: [
    (type_identifier) (qualified_type) (generic_type) (pointer_type)
    (array_type) (slice_type) (map_type) (channel_type) (function_type)
    (negated_type) (parenthesized_type)
  ])
  (type_alias name: (type_identifier) @name type: [
    (type_identifier) (qualified_type) (generic_type) (pointer_type)
    (array_type) (slice_type) (map_type) (channel_type) (function_type)
    (negated_type) (parenthesized_type)
  ])
] @definition.type

; --- method specs of interface types, wherever the interface type is
(interface_type
  (method_elem name: (field_identifier) @name) @definition.method)

; --- struct fields: of a struct type declared by a type spec or alias, or of
; an anonymous struct that is itself the type of such a field.  Embedded
; fields are named by their type name.
(type_spec
  type: (struct_type
    (field_declaration_list
      [
        (field_declaration name: (field_identifier) @name)
        (field_declaration
          !name
          type: [
            (type_identifier) @name
            (qualified_type name: (type_identifier) @name)
            (generic_type type: (type_identifier) @name)
            (generic_type type: (qualified_type name: (type_identifier) @name))
          ])
      ] @definition.field)))

(type_alias
  type: (struct_type
    (field_declaration_list
      [
        (field_declaration name: (field_identifier) @name)
        (field_declaration
          !name
          type: [
            (type_identifier) @name
            (qualified_type name: (type_identifier) @name)
            (generic_type type: (type_identifier) @name)
            (generic_type type: (qualified_type name: (type_identifier) @name))
          ])
      ] @definition.field)))

(field_declaration
  type: (struct_type
    (field_declaration_list
      [
        (field_declaration name: (field_identifier) @name)
        (field_declaration
          !name
          type: [
            (type_identifier) @name
            (qualified_type name: (type_identifier) @name)
            (generic_type type: (type_identifier) @name)
            (generic_type type: (qualified_type name: (type_identifier) @name))
          ])
      ] @definition.field)))

; --- constants (any level) and top-level variables
; (the name field of const_spec spans `A, B` including the commas, and the
; 0.20 query engine then only yields the first name: match the direct
; identifier children instead, which are exactly the names)
(const_spec (identifier) @name) @definition.constant

(source_file
  (var_declaration
    (var_spec name: (identifier) @name) @definition.variable)
  (#not-eq? @name "_"))

(source_file
  (var_declaration
    (var_spec_list
      (var_spec name: (identifier) @name) @definition.variable))
  (#not-eq? @name "_"))

;; ---- references ----
;; Calls, f(x) and x.f(x) / pkg.F(x) (qualifier "x." / "pkg."); composite
;; literals T{...} and pkg.T{...} (class); type names where the grammar
;; says type or result, and as the element, key or value of a pointer,
;; slice, array, map or channel type (type, a package as qualifier);
;; embedded fields; imports, named by the last element of their path with
;; the rest as qualifier (net/http: http, net/).  Built-in types (int,
;; error) are references like any other.  Not captured: method values
;; without a call (f := x.M), conversions written (*T)(x), type arguments
;; of generic calls, interface elements (~int | ~float64, embedded
;; interfaces).
(call_expression function: (identifier) @name) @reference.call
(call_expression
  function: (selector_expression operand: (_) @qualifier field: (field_identifier) @name)) @reference.call
(composite_literal type: (type_identifier) @name) @reference.class
(composite_literal
  type: (qualified_type package: (package_identifier) @qualifier name: (type_identifier) @name)) @reference.class
(_ type: (type_identifier) @name) @reference.type
(_ result: (type_identifier) @name) @reference.type
(_ type: (qualified_type package: (package_identifier) @qualifier name: (type_identifier) @name)) @reference.type
(_ result: (qualified_type package: (package_identifier) @qualifier name: (type_identifier) @name)) @reference.type
(pointer_type (type_identifier) @name) @reference.type
(pointer_type (qualified_type package: (package_identifier) @qualifier name: (type_identifier) @name)) @reference.type
(slice_type element: (type_identifier) @name) @reference.type
(array_type element: (type_identifier) @name) @reference.type
(map_type key: (type_identifier) @name) @reference.type
(map_type value: (type_identifier) @name) @reference.type
(channel_type value: (type_identifier) @name) @reference.type
(import_spec path: (interpreted_string_literal) @name) @reference.import
