//! Fixture for queries/rust.scm: one of each construct.
mod decl;

pub mod outer {
    pub(crate) mod inner {
        pub fn deep() -> u8 { 1 }
    }
    const LIMIT: usize = 8;
}

pub const MAX: u32 = 10;
static mut COUNTER: u64 = 0;
pub type Id = u32;

#[derive(Debug)]
pub struct Point<T> {
    pub x: T,
    y: T,
}

struct Unit;
struct Pair(i32, i32);

enum Shape {
    Empty,
    Circle(f64),
    Rect { w: f64, h: f64 },
    Code = 3,
}

union Bits { i: u32, f: f32 }

pub trait Area: Sized {
    type Output;
    const SIDES: u8;
    fn area(&self) -> f64;
    fn describe(&self) -> String {
        String::new()
    }
}

impl<T> Point<T> {
    pub fn new(x: T, y: T) -> Self {
        fn helper() {}
        Point { x, y }
    }
}

impl<T: Copy> Area for Point<T> where T: Into<f64> {
    type Output = f64;
    const SIDES: u8 = 0;
    fn area(&self) -> f64 { 0.0 }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) }
}

impl<'a> From<&'a str> for &'a Unit { fn from(_: &'a str) -> Self { &Unit } }
impl Area for u8 { type Output = u8; const SIDES: u8 = 1; fn area(&self) -> f64 { 1.0 } }
impl<T> Area for [T] { type Output = (); const SIDES: u8 = 2; fn area(&self) -> f64 { 2.0 } }
impl Area for std::collections::HashMap<u8, u8> {}

macro_rules! square {
    ($x:expr) => { $x * $x };
}

extern "C" {
    fn abs(x: i32) -> i32;
    static errno: i32;
}

fn main() { let p = Point::new(1, 2); } fn second() {}

async fn later() -> u8 {
    const LOCAL: u8 = 3;
    struct Inner { v: u8 }
    LOCAL
}
