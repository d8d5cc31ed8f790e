package dev.schemahealer.agent;

/** Defines a woven class file in a class loader of its own, which delegates everything else to the test's. */
final class Woven extends ClassLoader {

    private Woven() {
        super(Woven.class.getClassLoader());
    }

    static Class<?> define(String name, byte[] classFile) {
        return new Woven().defineClass(name, classFile, 0, classFile.length);
    }
}
