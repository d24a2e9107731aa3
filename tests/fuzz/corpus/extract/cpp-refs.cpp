// References for queries/cpp.scm and c_family.scm.
#include <vector>
#include "geo/shape.hpp"

namespace app {
class Widget : public Base, private geo::Shape {
public:
    int draw(std::vector<int> &v) const;
};

int Widget::draw(std::vector<int> &v) const
{
    auto *p = new geo::Circle(2);
    helper(v);
    std::sort(v.begin(), v.end());
    p->render(this);
    return make_shared<Widget>() != nullptr;
}
}
