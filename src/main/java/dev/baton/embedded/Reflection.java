package dev.baton.embedded;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Checked reflective access for {@link TestServerInternals}: every member must exist with exactly the expected type,
 * or an {@link IllegalStateException} names what differs.
 */
final class Reflection {

    static final String PACKAGE = "io.temporal.internal.testservice";

    private Reflection() {
    }

    /** A declared field of exactly this type, made accessible. */
    static Field field(Class<?> owner, String name, Class<?> type) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        if (!field.getType().equals(type)) {
            throw new IllegalStateException(owner.getName() + "." + name + " is a " + field.getType().getName()
                    + ", not a " + type.getName());
        }
        field.setAccessible(true);
        return field;
    }

    static Method method(Class<?> owner, String name, Class<?> returns) throws NoSuchMethodException {
        Method method = owner.getDeclaredMethod(name);
        if (!method.getReturnType().equals(returns)) {
            throw new IllegalStateException(owner.getName() + "." + name + "() returns a "
                    + method.getReturnType().getName() + ", not a " + returns.getName());
        }
        method.setAccessible(true);
        return method;
    }

    static Class<?> type(String simpleName) throws ClassNotFoundException {
        return Class.forName(PACKAGE + "." + simpleName);
    }

    static Class<?> nested(Class<?> owner, String simpleName) throws ClassNotFoundException {
        return Class.forName(owner.getName() + "$" + simpleName, false, owner.getClassLoader());
    }

    static void requireClass(Object value, String simpleName) {
        if (value == null || !value.getClass().getName().equals(PACKAGE + "." + simpleName)) {
            throw new IllegalStateException("expected a " + PACKAGE + "." + simpleName + ", found "
                    + (value == null ? "null" : value.getClass().getName()));
        }
    }
}
