package dev.schemahealer.it;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A web application's class loader as Tomcat makes one: the JDK's classes first, then the
 * application's own ({@code WEB-INF/classes}, {@code WEB-INF/lib}), then the container's shared
 * loader, which has the driver. Resources likewise, the application's first.
 */
public final class ChildFirstLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    public ChildFirstLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = getPlatformClassLoader().loadClass(name);
                } catch (ClassNotFoundException notJdk) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notOwn) {
                        c = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
