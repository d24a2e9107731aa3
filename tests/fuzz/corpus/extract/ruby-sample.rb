# Fixture for queries/ruby.scm.
require "set"

TOP_LIMIT = 10

module Shapes
  VERSION = "2.0"

  class Shape < Base
    attr_accessor :name
    SIDES = 0

    def initialize(name)
      @name = name
    end

    def self.build(*args) = new(*args)

    def ==(other); name == other.name; end
    def name=(value); @name = value; end
    def valid?; true; end
    def [](i); end

    class << self
      def registry; @registry ||= {}; end
    end

    private def secret; end

    if RUBY_VERSION >= "3.0"
      def modern; end
    else
      def legacy; end
    end

    alias_method :eql?, :==
  end

  module_function

  def helper; end
end

class Shapes::Geometry::Circle
  def area; 3.14; end
end

def toplevel(x)
  def inner_def; end
  x
end

def Shapes.shout; end

Point = Struct.new(:x, :y) do
  def dist; 0; end
end

Shapes::ORIGIN = Point.new(0, 0)

class Tiny; def a; end; def b; end; end

obj = Object.new
def obj.sing; end

items.each { |i| def per_item; end }

class Broken
  def ok; end
  def bad; x = ; end
  def also; end
end

class AfterBroken
  def fine; end
end
