package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallMapTest {

    @Test
    void behavesLikeAnInsertionOrderedMapUnderRandomChanges() {
        Random random = new Random(7);
        SmallMap<Integer> small = new SmallMap<>(0);
        Map<String, Integer> model = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + random.nextInt(12);
            switch (random.nextInt(4)) {
                case 0, 1 -> assertThat(small.put(key, i)).isEqualTo(model.put(key, i));
                case 2 -> assertThat(small.remove(key)).isEqualTo(model.remove(key));
                default -> assertThat(small.get(key)).isEqualTo(model.get(key));
            }
            assertThat(small).isEqualTo(model).hasSameHashCodeAs(model);
            assertThat(small.keySet()).containsExactlyElementsOf(model.keySet());
            assertThat(small.containsKey(key)).isEqualTo(model.containsKey(key));
        }
        small.clear();
        assertThat(small).isEmpty();
    }

    @Test
    void replaceAllAndForEachVisitEveryEntryInOrder() {
        SmallMap<Integer> m = new SmallMap<>(1);
        m.put("a", 1);
        m.put("b", 2);
        m.put("c", 3);
        m.replaceAll((k, v) -> k.equals("b") ? v * 10 : v);
        StringBuilder seen = new StringBuilder();
        m.forEach((k, v) -> seen.append(k).append(v));
        assertThat(seen).hasToString("a1b20c3");
    }

    @Test
    void copiesKeepOrderAndAreIndependent() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("b", "1");
        source.put("a", "2");
        SmallMap<String> first = new SmallMap<>(source, 1);
        SmallMap<String> second = new SmallMap<>(first.freeze(), 0);
        second.put("c", "3");
        second.remove("b");
        assertThat(first.keySet()).containsExactly("b", "a");
        assertThat(second.keySet()).containsExactly("a", "c");
        assertThatThrownBy(() -> new SmallMap<>(java.util.Collections.singletonMap(null, "x"), 0))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFrozenMapRefusesEveryChange() {
        SmallMap<String> m = new SmallMap<>(2);
        m.put("a", "1");
        assertThat(m.isFrozen()).isFalse();
        assertThat(m.freeze()).isSameAs(m);
        assertThat(m.isFrozen()).isTrue();
        assertThatThrownBy(() -> m.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.put("a", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.replaceAll((k, v) -> v)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(m).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void iteratorsNoticeStructuralChanges() {
        SmallMap<String> m = new SmallMap<>(2);
        m.put("a", "1");
        m.put("b", "2");
        Iterator<Map.Entry<String, String>> it = m.entrySet().iterator();
        it.next();
        m.put("c", "3");
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        for (Runnable change : java.util.List.<Runnable>of(() -> m.remove("a"), m::clear)) {
            Iterator<Map.Entry<String, String>> before = m.entrySet().iterator();
            change.run();
            m.put("x", "1");
            m.put("y", "2");
            assertThatThrownBy(before::next).isInstanceOf(ConcurrentModificationException.class);
        }
        assertThatThrownBy(() -> m.forEach((k, v) -> m.put(k + "!", v)))
                .isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> m.replaceAll((k, v) -> {
            m.put(k + "?", v);
            return v;
        })).isInstanceOf(ConcurrentModificationException.class);
        Iterator<Map.Entry<String, String>> done = new SmallMap<String>(0).entrySet().iterator();
        assertThat(done.hasNext()).isFalse();
        assertThatThrownBy(done::next).isInstanceOf(java.util.NoSuchElementException.class);
    }
}
