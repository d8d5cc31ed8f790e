package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.schemahealer.bootstrap.ConnectionStateCarrier;
import dev.schemahealer.bootstrap.StatementStateCarrier;
import java.util.Arrays;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Gives a driver class the field behind a {@link VirtualField}: implements a carrier interface
 * (a getter and a setter named after the field) on a {@code volatile transient} field, like
 * OpenTelemetry's field-backed virtual fields.
 *
 * <p>A field can only be added while a class is first loaded (a retransformation may not change a
 * class's shape), so classes loaded before a dynamic attach keep the map fallback. Only the topmost
 * driver class of a hierarchy takes the field; its subclasses inherit it.
 */
final class FieldInjector extends AsmVisitorWrapper.AbstractBase {

    static final FieldInjector STATEMENT =
            new FieldInjector(StatementStateCarrier.class, "schemahealer$statementState", "java.sql.Statement");
    static final FieldInjector CONNECTION =
            new FieldInjector(ConnectionStateCarrier.class, "schemahealer$connectionState", "java.sql.Connection");

    private static final String OBJECT = "Ljava/lang/Object;";

    private final Class<?> carrier;
    private final String field;
    private final ElementMatcher<TypeDescription> jdbcType;

    private FieldInjector(Class<?> carrier, String field, String jdbcInterface) {
        this.carrier = carrier;
        this.field = field;
        this.jdbcType = hasSuperType(named(jdbcInterface));
    }

    /** The driver classes to give the field: topmost in their JDBC hierarchy. */
    ElementMatcher<TypeDescription> types() {
        return type -> {
            if (type.isInterface() || !jdbcType.matches(type)) {
                return false;
            }
            TypeDescription.Generic superClass = type.getSuperClass();
            return superClass == null || !jdbcType.matches(superClass.asErasure());
        };
    }

    /**
     * Loaded for the first time, or retransformed after it took the field (a retransformation starts
     * from the original class file, so the field must be added again, identically).
     */
    AgentBuilder.RawMatcher shapeMayChange() {
        return (type, loader, module, classBeingRedefined, domain) -> classBeingRedefined == null
                || Arrays.asList(classBeingRedefined.getInterfaces()).contains(carrier);
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                             Implementation.Context implementationContext, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        String carrierName = Type.getInternalName(carrier);
        return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
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
