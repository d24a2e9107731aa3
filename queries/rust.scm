; kota tags query for Rust (tree-sitter-rust 0.23.x).
; Captures (@definition.KIND on the whole item, @name on its name):
;   method    fn items and fn signatures inside impl and trait bodies
;   function  other fn items (free, nested, in mods) and fn declarations in
;             extern blocks
;   struct / union / enum, with their named fields (field: also the fields of
;             struct-like enum variants) and enum variants (variant)
;   trait     trait items
;   impl      impl blocks, @name = the implemented type: `impl<T> Tr for Foo<T>`
;             and `impl a::b::Foo` give `Foo`, `impl Tr for &'a Foo` gives `Foo`,
;             `impl Tr for u8` / `for &str` give `u8` / `str`; any other type
;             (slices, tuples, dyn, fn pointers...) is named by its whole
;             source text, e.g. `[T]`, `&[u8]`, `dyn Fn()`; the trait, when
;             there is one, is @scope: it qualifies the impl (and its items)
;             for their ids, so a type's impls of Display and of Debug are
;             told apart without an ordinal
;   module    mod items, inline or `mod foo;`
;   macro     macro_rules! definitions
;   constant  const items (anywhere, including in traits, impls and fn bodies)
;   variable  static items (including those in extern blocks)
;   type      type aliases and associated types in traits and impls
; Not captured: tuple-struct / tuple-variant fields (no names), let bindings,
; items produced by macro invocations, extern crate / use declarations.
; Nightly-only syntax the grammar does not parse (trait aliases `trait A = B;`,
; `macro m() {}` macros 2.0, `box x`) yields ERROR nodes and can hide the items
; around it.
; Order matters: only the method and function patterns can capture the same
; node, and the first matching pattern (method) wins.

; --- functions: methods first, then the general case
(impl_item
  body: (declaration_list
    (function_item name: (identifier) @name) @definition.method))

(trait_item
  body: (declaration_list
    (function_item name: (identifier) @name) @definition.method))

(trait_item
  body: (declaration_list
    (function_signature_item name: (identifier) @name) @definition.method))

(function_item name: (identifier) @name) @definition.function

(function_signature_item name: (identifier) @name) @definition.function

; --- data types
(struct_item name: (type_identifier) @name) @definition.struct

(union_item name: (type_identifier) @name) @definition.union

(enum_item name: (type_identifier) @name) @definition.enum

(enum_variant name: (identifier) @name) @definition.variant

(field_declaration name: (field_identifier) @name) @definition.field

(trait_item name: (type_identifier) @name) @definition.trait

; --- impl blocks, named by the implemented type, or by the type a reference
; is to (`impl Tr for &'a Foo` is `Foo`); one pattern, so that no impl node
; matches two
(impl_item trait: (_)? @scope
  type: [
    (type_identifier) @name
    (generic_type type: [
      (type_identifier) @name
      (scoped_type_identifier name: (type_identifier) @name)])
    (scoped_type_identifier name: (type_identifier) @name)
    (primitive_type) @name
    (reference_type type: [
      (type_identifier) @name
      (generic_type type: [
        (type_identifier) @name
        (scoped_type_identifier name: (type_identifier) @name)])
      (scoped_type_identifier name: (type_identifier) @name)
      (primitive_type) @name])
    ; other implemented types have no single identifier: named by their text
    (array_type) @name (tuple_type) @name (unit_type) @name (never_type) @name
    (pointer_type) @name (function_type) @name (dynamic_type) @name
    (abstract_type) @name (bounded_type) @name (macro_invocation) @name
    (metavariable) @name (removed_trait_bound) @name
    (reference_type type: [
      (array_type) (tuple_type) (unit_type) (never_type) (pointer_type)
      (function_type) (dynamic_type) (abstract_type) (bounded_type)
      (macro_invocation) (metavariable) (removed_trait_bound) (reference_type)
    ]) @name
  ]) @definition.impl

; --- modules and macros
(mod_item name: (identifier) @name) @definition.module

(macro_definition name: (identifier) @name) @definition.macro

; --- constants, statics, type aliases
(const_item name: (identifier) @name) @definition.constant

(static_item name: (identifier) @name) @definition.variable

(type_item name: (type_identifier) @name) @definition.type

(associated_type name: (type_identifier) @name) @definition.type

;; ---- references ----
;; Calls: f(x), path::f(x) (qualifier "path::"), x.m(x) (qualifier "x."),
;; and the same with turbofish (f::<T>(x)); macro invocations m!(...)
;; (macro, with their path); struct literals T { .. } and path::T { .. }
;; (class); the trait of `impl Trait for T` (implementation); type names
;; where the grammar says type, and as generic type arguments' base
;; (type, with their path); `use` paths, named by their last segment with
;; the rest as qualifier (use a::b::C: C, a::b::), each name of a use list
;; (unqualified: a::{b, c}).
;; Not captured: method calls through a chain broken over lines qualify by
;; their last line; trait bounds; paths in expressions that are not calls
;; (constants, enum variants: Shape::Empty).
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (scoped_identifier path: (_) @qualifier name: (identifier) @name)) @reference.call
(call_expression function: (field_expression value: (_) @qualifier field: (field_identifier) @name)) @reference.call
(call_expression function: (generic_function function: (identifier) @name)) @reference.call
(call_expression
  function: (generic_function function: (scoped_identifier path: (_) @qualifier name: (identifier) @name))) @reference.call
(call_expression
  function: (generic_function function: (field_expression value: (_) @qualifier field: (field_identifier) @name))) @reference.call
(macro_invocation macro: (identifier) @name) @reference.macro
(macro_invocation macro: (scoped_identifier path: (_) @qualifier name: (identifier) @name)) @reference.macro
(struct_expression name: (type_identifier) @name) @reference.class
(struct_expression name: (scoped_type_identifier path: (_) @qualifier name: (type_identifier) @name)) @reference.class
(impl_item trait: (type_identifier) @name) @reference.implementation
(impl_item trait: (scoped_type_identifier path: (_) @qualifier name: (type_identifier) @name)) @reference.implementation
(impl_item trait: (generic_type type: (type_identifier) @name)) @reference.implementation
(_ type: (type_identifier) @name) @reference.type
(_ type: (scoped_type_identifier path: (_) @qualifier name: (type_identifier) @name)) @reference.type
(_ type: (generic_type type: (type_identifier) @name)) @reference.type
(_ type: (reference_type type: (type_identifier) @name)) @reference.type
(type_arguments (type_identifier) @name) @reference.type
(_ return_type: (type_identifier) @name) @reference.type
(_ return_type: (scoped_type_identifier path: (_) @qualifier name: (type_identifier) @name)) @reference.type
(_ return_type: (generic_type type: (type_identifier) @name)) @reference.type
(_ element: (type_identifier) @name) @reference.type
(use_declaration argument: (identifier) @name) @reference.import
(use_declaration argument: (scoped_identifier path: (_) @qualifier name: (identifier) @name)) @reference.import
(use_declaration argument: (use_as_clause path: (scoped_identifier path: (_) @qualifier name: (identifier) @name))) @reference.import
(use_declaration argument: (scoped_use_list list: (use_list (identifier) @name))) @reference.import
