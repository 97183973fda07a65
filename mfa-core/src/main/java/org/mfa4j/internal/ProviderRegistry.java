package org.mfa4j.internal;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaException;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * The immutable set of providers of one {@code Mfa}: explicit factories plus, when asked, those found by
 * {@link ServiceLoader}; minus disabled ids; ordered by their before/after hints. Every problem fails the
 * build with a message that names the classes and jars involved: nothing is skipped silently.
 */
public final class ProviderRegistry {

    /** One registered provider. */
    public record Entry(ProviderDescriptor descriptor, MfaProvider provider) {
        public String id() {
            return descriptor.id();
        }
    }

    private final List<Entry> ordered;
    private final List<ProviderDescriptor> descriptors;
    private final Map<String, Entry> byId;

    // Loops rather than lambdas on the build path: each lambda's first use spins a class at start-up.
    private ProviderRegistry(List<Entry> ordered) {
        this.ordered = List.copyOf(ordered);
        Map<String, Entry> m = new LinkedHashMap<>();
        List<ProviderDescriptor> d = new ArrayList<>();
        for (Entry e : ordered) {
            m.put(e.id(), e);
            d.add(e.descriptor());
        }
        this.byId = Map.copyOf(m);
        this.descriptors = List.copyOf(d);
    }

    /**
     * Builds the registry.
     *
     * @param explicit   factories registered by the application
     * @param discover   also load factories with {@link ServiceLoader} from {@code loader}
     * @param disabled   ids to leave out (TYPO3's {@code TotpProvider: ~})
     * @param configured ids the application configured settings for (each must be registered)
     * @param contexts   the context each factory is created with
     */
    public static ProviderRegistry build(List<MfaProviderFactory> explicit, boolean discover, ClassLoader loader,
                                         Set<String> disabled, Set<String> configured,
                                         Function<String, ProviderContext> contexts) {
        List<MfaProviderFactory> factories = new ArrayList<>(explicit);
        if (discover) {
            factories.addAll(discover(loader));
        }
        Map<String, MfaProviderFactory> byId = new LinkedHashMap<>();
        for (MfaProviderFactory f : factories) {
            ProviderDescriptor d = descriptorOf(f);
            MfaProviderFactory other = byId.putIfAbsent(d.id(), f);
            if (other != null) {
                throw new MfaConfigurationException("two provider factories have the id '" + d.id() + "': "
                        + origin(other.getClass()) + " and " + origin(f.getClass())
                        + "; remove one of them from the class path or the builder");
            }
        }
        for (String id : disabled) {
            if (!byId.containsKey(id)) {
                throw new MfaConfigurationException("cannot disable provider '" + id + "': no such provider is "
                        + "registered (registered: " + byId.keySet() + ")");
            }
        }
        for (String id : configured) {
            if (disabled.contains(id)) {
                throw new MfaConfigurationException("provider '" + id + "' is configured but also disabled; "
                        + "remove its settings or do not disable it");
            }
            if (!byId.containsKey(id)) {
                throw new MfaConfigurationException("settings were given for provider '" + id
                        + "', but no such provider is registered (registered: " + byId.keySet()
                        + "); add its jar or call provider(...)");
            }
        }
        List<MfaProviderFactory> kept = new ArrayList<>();
        for (Map.Entry<String, MfaProviderFactory> e : byId.entrySet()) {
            if (!disabled.contains(e.getKey())) {
                kept.add(e.getValue());
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (MfaProviderFactory f : order(kept)) {
            ProviderDescriptor d = f.descriptor();
            ProviderContext context = contexts.apply(d.id());
            MfaProvider provider;
            ProviderDescriptor withSettings;
            try {
                provider = f.create(context);
                withSettings = f.descriptor(context.settings());
            } catch (MfaException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MfaConfigurationException("provider '" + d.id() + "' (" + origin(f.getClass())
                        + ") failed to start: " + e.getClass().getSimpleName(), e);
            }
            if (provider == null) {
                throw new MfaConfigurationException("provider factory " + f.getClass().getName()
                        + " returned null from create()");
            }
            if (withSettings == null || !withSettings.id().equals(d.id())) {
                throw new MfaConfigurationException("provider factory " + f.getClass().getName()
                        + " describes itself with its settings under another id than '" + d.id() + "'");
            }
            entries.add(new Entry(withSettings, provider));
        }
        return new ProviderRegistry(entries);
    }

    private static List<MfaProviderFactory> discover(ClassLoader loader) {
        List<MfaProviderFactory> found = new ArrayList<>();
        ServiceLoader<MfaProviderFactory> sl = ServiceLoader.load(MfaProviderFactory.class, loader);
        try {
            for (Iterator<ServiceLoader.Provider<MfaProviderFactory>> it = sl.stream().iterator(); it.hasNext(); ) {
                ServiceLoader.Provider<MfaProviderFactory> p = it.next();
                try {
                    found.add(p.get());
                } catch (ServiceConfigurationError | RuntimeException e) {
                    throw new MfaConfigurationException("provider factory " + p.type().getName() + " ("
                            + origin(p.type()) + ") failed to load: " + describe(e)
                            + "; fix it or remove its jar from the class path", e);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new MfaConfigurationException("a provider factory listed in META-INF/services/"
                    + MfaProviderFactory.class.getName() + " failed to load: " + describe(e)
                    + "; fix it or remove its jar from the class path", e);
        }
        found.sort(BY_ID);
        return found;
    }

    /** Discovered factories in id order, so the class path's order does not matter. */
    private static final Comparator<MfaProviderFactory> BY_ID = new Comparator<>() {
        @Override
        public int compare(MfaProviderFactory a, MfaProviderFactory b) {
            return descriptorOf(a).id().compareTo(descriptorOf(b).id());
        }
    };

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (caused by " + root + ")";
    }

    private static ProviderDescriptor descriptorOf(MfaProviderFactory f) {
        ProviderDescriptor d;
        try {
            d = f.descriptor();
        } catch (RuntimeException e) {
            throw new MfaConfigurationException("provider factory " + f.getClass().getName() + " ("
                    + origin(f.getClass()) + ") failed to describe itself", e);
        }
        if (d == null) {
            throw new MfaConfigurationException("provider factory " + f.getClass().getName()
                    + " returned no descriptor");
        }
        return d;
    }

    /**
     * Orders by before/after hints; providers that need a companion (recovery codes) after the rest, so the
     * first one listed can always be set up first; registration order otherwise. A cycle fails the build.
     */
    static List<MfaProviderFactory> order(List<MfaProviderFactory> factories) {
        Map<String, MfaProviderFactory> byId = new LinkedHashMap<>();
        Map<String, Set<String>> mustFollow = new LinkedHashMap<>();
        for (MfaProviderFactory f : factories) {
            byId.put(f.id(), f);
            mustFollow.put(f.id(), new LinkedHashSet<>());
        }
        for (MfaProviderFactory f : factories) {
            ProviderDescriptor d = f.descriptor();
            for (String b : d.before()) {
                if (byId.containsKey(b)) {
                    mustFollow.get(b).add(d.id());
                }
            }
            for (String a : d.after()) {
                if (byId.containsKey(a)) {
                    mustFollow.get(d.id()).add(a);
                }
            }
        }
        List<MfaProviderFactory> out = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < byId.size()) {
            String next = null;
            for (String id : byId.keySet()) {
                if (!placed.contains(id) && placed.containsAll(mustFollow.get(id))
                        && (next == null || byId.get(next).descriptor().requiresOtherActive())) {
                    next = id;
                    if (!byId.get(id).descriptor().requiresOtherActive()) {
                        break;
                    }
                }
            }
            if (next == null) {
                Set<String> rest = new LinkedHashSet<>(byId.keySet());
                rest.removeAll(placed);
                throw new MfaConfigurationException("the before/after hints of providers " + rest
                        + " form a cycle; change one of them");
            }
            placed.add(next);
            out.add(byId.get(next));
        }
        return out;
    }

    /** The class name and the jar or folder it came from. */
    static String origin(Class<?> type) {
        CodeSource cs = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
        URL where = cs == null ? null : cs.getLocation();
        return type.getName() + " from " + (where == null ? "an unknown location" : where);
    }

    public List<Entry> entries() {
        return ordered;
    }

    public List<ProviderDescriptor> descriptors() {
        return descriptors;
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entry(id));
    }

    /** The entry of that id, or null: {@link #find} for the paths that run on every verification. */
    Entry entry(String id) {
        return id == null ? null : byId.get(id);
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
