// kota fixture: Java definitions
package com.example.kota;

import java.util.List;

@Deprecated
public class Sample<T> extends Base implements Runnable {
    public static final int MAX = 10, MIN = 0;
    private final List<T> items;
    private static long
        created = 0, // instances so far
        destroyed;
    protected String name = "x";

    public Sample(List<T> items) { this.items = items; }

    @Override
    public void run() {
        Runnable r = new Runnable() {
            public void run() {}
        };
        class Local { void help() {} }
    }

    static <U> U identity(U u) { return u; }

    public interface Listener {
        int PRIORITY = 1;
        void onEvent(String e);
        default void reset() {}
    }

    enum Color {
        RED, GREEN("g"),
        BLUE {
            @Override String code() { return "b"; }
        };
        private final String c;
        Color() { this("r"); }
        Color(String c) { this.c = c; }
        String code() { return c; }
    }

    static class Nested { int depth; }
}

record Point(int x, int y) {
    Point {
        if (x < 0) throw new IllegalArgumentException();
    }
    static Point origin() { return new Point(0, 0); }
}

@interface Audit {
    String value() default "";
    int level();
}

abstract class Shape {
    abstract double area();
}

class Broken {
    int ok = 1;
    void bad( { }
    void after() {}
}
