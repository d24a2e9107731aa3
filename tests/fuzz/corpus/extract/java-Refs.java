// References for queries/java.scm.
import java.util.List;
import java.util.concurrent.*;

public class Refs extends Base implements Runnable, Comparable<Refs> {
    @Override
    public void run() {
        List<String> names = new java.util.ArrayList<>();
        Helper h = new Helper(names);
        h.process(Refs.class);
        names.forEach(System.out::println);
        log("done");
        Object o = (Object) names;
        if (o instanceof Helper) {
            Util.check(o);
        }
    }
}
