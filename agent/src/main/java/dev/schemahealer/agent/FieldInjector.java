package dev.schemahealer.agent;

import dev.schemahealer.bootstrap.ConnectionStateCarrier;
import dev.schemahealer.bootstrap.StatementStateCarrier;
import java.util.Arrays;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Gives a driver class the field behind a {@link VirtualField}: implements a carrier interface
 * (a getter and a setter named after the field) on a {@code volatile transient} field, like
 * OpenTelemetry's field-backed virtual fields.
 *
 * <p>A field can only be added while a class is first loaded (a retransformation may not change a
 * class's shape), so classes loaded before a dynamic attach keep the map fallback. Only the topmost
 * driver class of a hierarchy takes the field; its subclasses inherit it ({@link HookWeaver} picks
 * the class; {@link AgentInstaller} for classes loaded after an attach).
 */
final class FieldInjector {

    static final FieldInjector STATEMENT =
            new FieldInjector(StatementStateCarrier.class, "schemahealer$statementState", "java.sql.Statement");
    static final FieldInjector CONNECTION =
            new FieldInjector(ConnectionStateCarrier.class, "schemahealer$connectionState", "java.sql.Connection");

    private static final String OBJECT = "Ljava/lang/Object;";

    final Class<?> carrier;
    final String field;
    final String jdbcInterface;

    private FieldInjector(Class<?> carrier, String field, String jdbcInterface) {
        this.carrier = carrier;
        this.field = field;
        this.jdbcInterface = jdbcInterface;
    }

    /** {@code next}, with the carrier interface, the field and its accessors added to the class it visits. */
    ClassVisitor wrap(ClassVisitor next) {
        String carrierName = carrier.getName().replace('.', '/');
        return new ClassVisitor(Opcodes.ASM9, next) {
            private String owner;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                owner = name;
                String[] all = interfaces == null ? new String[1] : Arrays.copyOf(interfaces, interfaces.length + 1);
                all[all.length - 1] = carrierName;
                super.visit(version, access, name, signature, superName, all);
            }

            @Override
            public void visitEnd() {
                cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_VOLATILE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC,
                        field, OBJECT, null, null).visitEnd();
                MethodVisitor get = cv.visitMethod(Opcodes.ACC_PUBLIC, field, "()" + OBJECT, null, null);
                get.visitCode();
                get.visitVarInsn(Opcodes.ALOAD, 0);
                get.visitFieldInsn(Opcodes.GETFIELD, owner, field, OBJECT);
                get.visitInsn(Opcodes.ARETURN);
                get.visitMaxs(1, 1);
                get.visitEnd();
                MethodVisitor set = cv.visitMethod(Opcodes.ACC_PUBLIC, field, "(" + OBJECT + ")V", null, null);
                set.visitCode();
                set.visitVarInsn(Opcodes.ALOAD, 0);
                set.visitVarInsn(Opcodes.ALOAD, 1);
                set.visitFieldInsn(Opcodes.PUTFIELD, owner, field, OBJECT);
                set.visitInsn(Opcodes.RETURN);
                set.visitMaxs(2, 2);
                set.visitEnd();
                super.visitEnd();
            }
        };
    }
}
