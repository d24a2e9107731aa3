; kota tags query for Ruby (tree-sitter-ruby 0.23).
;
; Captures:
;   class     `class Name` and `class A::B::Name` (@name = the last constant,
;             `Name`); `class << self` is not a symbol of its own
;   module    `module Name` and `module A::Name` (@name = `Name`)
;   method    `def x` directly in the body of a class, a module or a
;             `class << self`, also when wrapped in a call there
;             (`private def x`, `memoize def x`) or one if/elsif/else/
;             unless/when level down in it; `def x` directly in a
;             do...end / {...} block body anywhere (Struct.new do, Class.new
;             do, included do, describe do ...); every singleton method
;             (`def self.x`, `def obj.x`), wherever it is
;   function  every other `def x`: at the top level, nested in a method,
;             under if/unless/begin at the top level
;   constant  `NAME = ...` and `Scope::NAME = ...` anywhere (range: the
;             assignment; @name = the constant), so `Point = Struct.new do
;             ... end` is a constant whose methods have it as parent
; Method names are the source text of the name node: `valid?`, `name=`,
; `==`, `[]`, `+@`.
; Not captured: attr_accessor/attr_reader/attr_writer, alias and
; alias_method, define_method, multiple assignment `A, B = 1, 2`, `A ||= 1`,
; local/instance/global variables.

; --- methods (must precede the general function pattern) ---
(class
  body: (body_statement
    (method
      name: (_) @name) @definition.method))

(module
  body: (body_statement
    (method
      name: (_) @name) @definition.method))

(singleton_class
  body: (body_statement
    (method
      name: (_) @name) @definition.method))

; `private def x ... end` and the like, in a class/module body
(class
  body: (body_statement
    (call
      arguments: (argument_list
        (method
          name: (_) @name) @definition.method))))

(module
  body: (body_statement
    (call
      arguments: (argument_list
        (method
          name: (_) @name) @definition.method))))

(singleton_class
  body: (body_statement
    (call
      arguments: (argument_list
        (method
          name: (_) @name) @definition.method))))

; def one if/elsif/else/unless/case level down in a class/module body
(class
  body: (body_statement
    [(if
       consequence: (then
         (method name: (_) @name) @definition.method))
     (if
       alternative: (else
         (method name: (_) @name) @definition.method))
     (if
       alternative: (elsif
         consequence: (then
           (method name: (_) @name) @definition.method)))
     (unless
       consequence: (then
         (method name: (_) @name) @definition.method))
     (unless
       alternative: (else
         (method name: (_) @name) @definition.method))
     (case
       (when
         body: (then
           (method name: (_) @name) @definition.method)))
     (case
       (else
         (method name: (_) @name) @definition.method))]))

(module
  body: (body_statement
    [(if
       consequence: (then
         (method name: (_) @name) @definition.method))
     (if
       alternative: (else
         (method name: (_) @name) @definition.method))
     (if
       alternative: (elsif
         consequence: (then
           (method name: (_) @name) @definition.method)))
     (unless
       consequence: (then
         (method name: (_) @name) @definition.method))
     (unless
       alternative: (else
         (method name: (_) @name) @definition.method))
     (case
       (when
         body: (then
           (method name: (_) @name) @definition.method)))
     (case
       (else
         (method name: (_) @name) @definition.method))]))

(singleton_class
  body: (body_statement
    [(if
       consequence: (then
         (method name: (_) @name) @definition.method))
     (if
       alternative: (else
         (method name: (_) @name) @definition.method))
     (if
       alternative: (elsif
         consequence: (then
           (method name: (_) @name) @definition.method)))
     (unless
       consequence: (then
         (method name: (_) @name) @definition.method))
     (unless
       alternative: (else
         (method name: (_) @name) @definition.method))
     (case
       (when
         body: (then
           (method name: (_) @name) @definition.method)))
     (case
       (else
         (method name: (_) @name) @definition.method))]))

; def in a block: Struct.new(...) do ... end, included do ... end, ...
(do_block
  body: (body_statement
    (method
      name: (_) @name) @definition.method))

(block
  body: (block_body
    (method
      name: (_) @name) @definition.method))

(singleton_method
  name: (_) @name) @definition.method

; --- everything else that is a def ---
(method
  name: (_) @name) @definition.function

; --- classes and modules ---
(class
  name: [
    (constant) @name
    (scope_resolution
      name: (constant) @name)
  ]) @definition.class

(module
  name: [
    (constant) @name
    (scope_resolution
      name: (constant) @name)
  ]) @definition.module

; --- constants ---
(assignment
  left: [
    (constant) @name
    (scope_resolution
      name: (constant) @name)
  ]) @definition.constant

;; ---- references ----
;; Calls: every node the grammar makes a call, m(x), obj.m, Mod.m
;; (qualifier "obj." / "Mod."), with arguments or without; a bare `foo` is
;; not one (it may be a local variable).  Foo.new and A::Foo.new are class
;; references to Foo (not calls of new); superclasses (class).  The
;; modules of include, extend and prepend (implementation).  require and
;; require_relative of a literal path (import, the last part of the path).
;; Constants used as values (arguments, right sides, operands, statements,
;; hash values, array elements), Foo and A::B::Foo (type, "A::B::" as
;; qualifier): Ruby cannot tell a class from another constant.  Not
;; captured: calls through send/public_send, dynamic requires, constants
;; defined (they are symbols).
((call receiver: (_) @qualifier method: (identifier) @name) @reference.call
  (#not-eq? @name "new"))
((call !receiver method: (identifier) @name) @reference.call
  (#not-match? @name "^(require|require_relative|include|extend|prepend)$"))
((call receiver: (constant) @name method: (identifier) @_new) @reference.class
  (#eq? @_new "new"))
((call receiver: (scope_resolution scope: (_) @qualifier name: (constant) @name) method: (identifier) @_new)
  @reference.class
  (#eq? @_new "new"))
(superclass (constant) @name) @reference.class
(superclass (scope_resolution scope: (_) @qualifier name: (constant) @name)) @reference.class
((call !receiver method: (identifier) @_m arguments: (argument_list (constant) @name)) @reference.implementation
  (#match? @_m "^(include|extend|prepend)$"))
((call !receiver method: (identifier) @_m
    arguments: (argument_list (scope_resolution scope: (_) @qualifier name: (constant) @name)))
  @reference.implementation
  (#match? @_m "^(include|extend|prepend)$"))
((call !receiver method: (identifier) @_m
    arguments: (argument_list . (string . (string_content) @name .) .)) @reference.import
  (#match? @_m "^(require|require_relative)$"))
[(argument_list (scope_resolution scope: (_) @qualifier name: (constant) @name) @reference.type)
 (assignment right: (scope_resolution scope: (_) @qualifier name: (constant) @name) @reference.type)
 (binary (scope_resolution scope: (_) @qualifier name: (constant) @name) @reference.type)
 (body_statement (scope_resolution scope: (_) @qualifier name: (constant) @name) @reference.type)
 (pair value: (scope_resolution scope: (_) @qualifier name: (constant) @name) @reference.type)
 (array (scope_resolution scope: (_) @qualifier name: (constant) @name) @reference.type)]
[(argument_list (constant) @name @reference.type)
 (assignment right: (constant) @name @reference.type)
 (binary (constant) @name @reference.type)
 (body_statement (constant) @name @reference.type)
 (pair value: (constant) @name @reference.type)
 (array (constant) @name @reference.type)]
(rescue exceptions: (exceptions (constant) @name)) @reference.type
(rescue exceptions: (exceptions (scope_resolution scope: (_) @qualifier name: (constant) @name))) @reference.type
