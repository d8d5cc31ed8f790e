package dev.schemahealer.agent;

import dev.schemahealer.agent.HookPoints.Condition;
import dev.schemahealer.agent.HookPoints.Hook;
import dev.schemahealer.agent.HookPoints.Value;
import dev.schemahealer.agent.HookPoints.When;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;

/**
 * Weaves the {@link HookPoints} into a driver class file with ASM alone (Byte Buddy's relocated
 * copy; none of Byte Buddy itself is loaded), and gives the topmost driver {@code Statement} and
 * {@code Connection} classes the field behind {@link VirtualField} ({@link FieldInjector}).
 *
 * <p>A woven method keeps its body in place (the class's shape does not change, except for the
 * injected field at first load). Its locals move up by a few slots to make room for the hooks' own
 * (the retry token, the returned value, the thrown exception), declared in every stack map frame
 * of the body, so the body can run again. The body's returns store their value and jump to one
 * exit; a catch-all handler, last in the exception table, stores the exception and jumps there
 * too. The exit checks {@code thrown == null} (the happy path's one branch) and returns. Every
 * call into {@code Hooks} is wrapped in its own catch-all.
 */
final class HookWeaver {

    private static final String HOOKS = "dev/schemahealer/bootstrap/Hooks";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String OBJECT = "java/lang/Object";
    private static final int MIN_STACK = 8;

    private final JdbcTypes types;

    HookWeaver(JdbcTypes types) {
        this.types = types;
    }

    /**
     * The class file with its hooks woven in, or {@code null} when the class implements no JDBC
     * interface the table names (then nothing is parsed beyond the class header).
     * {@code firstLoad}: the class may still change its shape (take the field).
     */
    byte[] weave(ClassLoader loader, byte[] classFile, boolean firstLoad) {
        ClassReader reader = new ClassReader(classFile);
        if ((reader.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION)) != 0 || !declaresHookPointName(reader)) {
            return null;
        }
        int kinds = types.of(loader, reader.getSuperName(), reader.getInterfaces());
        types.remember(loader, reader.getClassName(), kinds);
        if (kinds == 0) {
            return null;
        }
        return weave(reader, loader, kinds, firstLoad ? fieldFor(loader, reader.getSuperName(), kinds) : null);
    }

    /**
     * Whether the class declares a method named as a hook point, read from its method table alone:
     * most driver classes do not, and are left before their hierarchy is read. (The topmost
     * statement and connection classes, which take the field, declare {@code close} at least.)
     */
    static boolean declaresHookPointName(ClassReader reader) {
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset); // the interfaces
        for (int table = 0; table < 2; table++) { // the fields, then the methods
            int count = reader.readUnsignedShort(offset);
            offset += 2;
            for (; count > 0; count--) {
                if (table == 1 && HookPoints.NAMES.contains(reader.readUTF8(offset + 2, buffer))) {
                    return true;
                }
                int attributes = reader.readUnsignedShort(offset + 6);
                offset += 8;
                for (; attributes > 0; attributes--) {
                    offset += 6 + reader.readInt(offset + 2);
                }
            }
        }
        return false;
    }

    /** The field a class of these kinds takes: the topmost {@code Statement} or {@code Connection} class does. */
    FieldInjector fieldFor(ClassLoader loader, String superName, int kinds) {
        int superKinds = types.of(loader, superName);
        if ((kinds & JdbcTypes.STATEMENT) != 0 && (superKinds & JdbcTypes.STATEMENT) == 0) {
            return FieldInjector.STATEMENT;
        }
        if ((kinds & JdbcTypes.CONNECTION) != 0 && (superKinds & JdbcTypes.CONNECTION) == 0) {
            return FieldInjector.CONNECTION;
        }
        return null;
    }

    /** Weaves a class of the given kinds; {@code field}: the field to add, or {@code null}. */
    byte[] weave(ClassReader reader, ClassLoader loader, int kinds, FieldInjector field) {
        ClassWriter writer = new ClassWriter(reader, 0);
        Weaving weaving = new Weaving(field == null ? writer : field.wrap(writer), loader, kinds);
        reader.accept(weaving, ClassReader.EXPAND_FRAMES);
        return weaving.woven || field != null ? writer.toByteArray() : null;
    }

    private final class Weaving extends ClassVisitor {
        private final ClassLoader loader;
        private final int kinds;
        private String owner;
        private boolean frames;
        boolean woven;

        Weaving(ClassVisitor next, ClassLoader loader, int kinds) {
            super(Opcodes.ASM9, next);
            this.loader = loader;
            this.kinds = kinds;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            owner = name;
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0 || name.charAt(0) == '<') {
                return mv;
            }
            HookPoints.Method m = new HookPoints.Method(access, name, descriptor, loader, types);
            List<Hook> hooks = null;
            for (Hook h : HookPoints.ALL) {
                if (h.appliesTo(kinds, m)) {
                    if (hooks == null) {
                        hooks = new ArrayList<>(2);
                    }
                    hooks.add(h);
                }
            }
            if (hooks == null) {
                return mv;
            }
            woven = true;
            return new HookedMethod(mv, owner, access, name, descriptor, hooks, frames);
        }
    }

    /** One woven method. Its own instructions are passed through with their locals moved up. */
    static final class HookedMethod extends MethodVisitor {
        private final String name;
        private final List<Hook> hooks;
        private final boolean frames;
        private final boolean isStatic;
        private final Type[] args;
        private final Type returned;
        /** The first slot after {@code this} and the arguments: the first of the hooks' own. */
        private final int firstLocal;
        private final int tokenSlot;
        private final int returnedSlot;
        private final int thrownSlot;
        /** How far the body's own locals move up. */
        private final int shift;
        private final boolean catches;
        private final boolean retries;
        /** {@code this} and the arguments, as declared, in frame notation. */
        private final Object[] entryLocals;
        private final Label start = new Label();
        private final Label bodyEnd = new Label();
        private final Label exit = new Label();

        HookedMethod(MethodVisitor mv, String owner, int access, String name, String descriptor, List<Hook> hooks,
                     boolean frames) {
            super(Opcodes.ASM9, mv);
            this.name = name;
            this.hooks = hooks;
            this.frames = frames;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.args = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            List<Object> entry = new ArrayList<>();
            int slot = 0;
            if (!isStatic) {
                entry.add(owner);
                slot++;
            }
            for (Type a : args) {
                entry.add(frameType(a));
                slot += a.getSize();
            }
            this.entryLocals = entry.toArray();
            this.firstLocal = slot;
            this.tokenSlot = slot;
            this.returnedSlot = slot + 1;
            this.thrownSlot = returnedSlot + returned.getSize();
            this.shift = 2 + returned.getSize();
            boolean c = false;
            boolean r = false;
            for (Hook h : hooks) {
                c |= h.when() == When.THROWN || h.when() == When.ALWAYS || h.when() == When.THROWN_RETRY;
                r |= h.when() == When.THROWN_RETRY;
            }
            this.catches = c;
            this.retries = r;
        }

        // ---- the body's own instructions, locals moved up

        private int moved(int slot) {
            return slot >= firstLocal ? slot + shift : slot;
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            super.visitVarInsn(opcode, moved(var));
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            super.visitIincInsn(moved(var), increment);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
            super.visitLocalVariable(name, descriptor, signature, start, end, moved(index));
        }

        @Override
        public net.bytebuddy.jar.asm.AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath,
                Label[] start, Label[] end, int[] index, String descriptor, boolean visible) {
            int[] moved = new int[index.length];
            for (int i = 0; i < index.length; i++) {
                moved[i] = moved(index[i]);
            }
            return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, moved, descriptor, visible);
        }

        /** The body's frames (expanded by the reader): the hooks' locals inserted after the arguments. */
        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            List<Object> locals = new ArrayList<>(numLocal + 4);
            int i = 0;
            int slots = 0;
            while (i < numLocal && slots < firstLocal) {
                Object t = local[i++];
                locals.add(t);
                slots += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; slots < firstLocal; slots++) {
                locals.add(Opcodes.TOP);
            }
            addBodyLocals(locals);
            while (i < numLocal) {
                locals.add(local[i++]);
            }
            super.visitFrame(type, locals.size(), locals.toArray(), numStack, stack);
        }

        /** A return stores its value and jumps to the exit. */
        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                if (returned.getSort() != Type.VOID) {
                    mv.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), returnedSlot);
                }
                if (catches) {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    mv.visitVarInsn(Opcodes.ASTORE, thrownSlot);
                }
                mv.visitJumpInsn(Opcodes.GOTO, exit);
            } else {
                super.visitInsn(opcode);
            }
        }

        // ---- the hooks

        @Override
        public void visitCode() {
            super.visitCode();
            Object[] entry = entryLocals;
            for (Hook h : hooks) {
                if (h.when() == When.ENTER) {
                    call(h, entry);
                }
            }
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, tokenSlot);
            mv.visitLabel(start);
            if (retries) {
                frame(bodyLocals(), null);
                mv.visitInsn(Opcodes.NOP); // the body's own first frame, if any, needs an offset of its own
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            mv.visitLabel(bodyEnd);
            Label handler = new Label();
            if (catches) {
                mv.visitLabel(handler);
                frame(bodyLocals(), THROWABLE);
                mv.visitVarInsn(Opcodes.ASTORE, thrownSlot);
                if (returned.getSort() != Type.VOID) {
                    pushDefault(returned);
                    mv.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), returnedSlot);
                }
            }
            Object[] exitLocals = exitLocals();
            mv.visitLabel(exit);
            frame(exitLocals, null);
            Label failed = new Label();
            if (catches) {
                mv.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                mv.visitJumpInsn(Opcodes.IFNONNULL, failed);
            }
            for (Hook h : hooks) {
                if (h.when() == When.RETURNED || h.when() == When.ALWAYS) {
                    call(h, exitLocals);
                }
            }
            if (returned.getSort() != Type.VOID) {
                mv.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), returnedSlot);
            }
            mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
            if (catches) {
                mv.visitLabel(failed);
                frame(exitLocals, null);
                for (Hook h : hooks) {
                    if (h.when() == When.THROWN || h.when() == When.ALWAYS || h.when() == When.THROWN_RETRY) {
                        call(h, exitLocals);
                    }
                    if (h.when() == When.THROWN_RETRY) {
                        mv.visitVarInsn(Opcodes.ALOAD, tokenSlot);
                        mv.visitJumpInsn(Opcodes.IFNONNULL, start);
                    }
                }
                mv.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                mv.visitInsn(Opcodes.ATHROW);
                // Last in the exception table: the body's own handlers come first.
                mv.visitTryCatchBlock(start, bodyEnd, handler, THROWABLE);
            }
            super.visitMaxs(Math.max(maxStack, MIN_STACK), maxLocals + shift);
        }

        /** {@code if (condition) try { Hooks.x(values) } catch (Throwable ignored) {}}; for a retry, the token is its answer. */
        private void call(Hook h, Object[] locals) {
            Label skip = new Label();
            switch (h.condition()) {
                case RETURNED_NOT_NULL -> {
                    mv.visitVarInsn(Opcodes.ALOAD, returnedSlot);
                    mv.visitJumpInsn(Opcodes.IFNULL, skip);
                }
                case ARG0_TRUE -> {
                    mv.visitVarInsn(Opcodes.ILOAD, argSlot(0));
                    mv.visitJumpInsn(Opcodes.IFEQ, skip);
                }
                case ARG0_FALSE -> {
                    mv.visitVarInsn(Opcodes.ILOAD, argSlot(0));
                    mv.visitJumpInsn(Opcodes.IFNE, skip);
                }
                case NONE -> {
                }
            }
            Label tryStart = new Label();
            Label tryEnd = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(tryStart, tryEnd, handler, THROWABLE);
            mv.visitLabel(tryStart);
            for (Value v : h.values()) {
                push(v);
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, h.hook(), h.hookDescriptor(), false);
            Type result = Type.getReturnType(h.hookDescriptor());
            if (h.when() == When.THROWN_RETRY) {
                mv.visitVarInsn(Opcodes.ASTORE, tokenSlot);
            } else if (result.getSize() > 0) {
                mv.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
            }
            mv.visitLabel(tryEnd);
            mv.visitJumpInsn(Opcodes.GOTO, skip);
            mv.visitLabel(handler);
            frame(locals, THROWABLE);
            mv.visitInsn(Opcodes.POP);
            if (h.when() == When.THROWN_RETRY) {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitVarInsn(Opcodes.ASTORE, tokenSlot);
            }
            mv.visitLabel(skip);
            frame(locals, null);
        }

        private void push(Value v) {
            switch (v) {
                case THIS -> mv.visitVarInsn(Opcodes.ALOAD, 0);
                case NULL -> mv.visitInsn(Opcodes.ACONST_NULL);
                case METHOD_NAME -> mv.visitLdcInsn(name);
                case ARG0, ARG1 -> {
                    int index = v == Value.ARG0 ? 0 : 1;
                    if (index < args.length) {
                        mv.visitVarInsn(args[index].getOpcode(Opcodes.ILOAD), argSlot(index));
                    } else {
                        mv.visitInsn(Opcodes.ACONST_NULL);
                    }
                }
                case RETURNED -> mv.visitVarInsn(Opcodes.ALOAD, returnedSlot);
                case THROWN -> mv.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                case TOKEN -> mv.visitVarInsn(Opcodes.ALOAD, tokenSlot);
            }
        }

        private int argSlot(int index) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < index; i++) {
                slot += args[i].getSize();
            }
            return slot;
        }

        private void frame(Object[] locals, String stackTop) {
            if (frames) {
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stackTop == null ? 0 : 1,
                        stackTop == null ? null : new Object[] {stackTop});
            }
        }

        /** In the body: the token is set, the returned value and the exception are not. */
        private void addBodyLocals(List<Object> locals) {
            locals.add(OBJECT);
            for (int i = 0; i < returned.getSize(); i++) {
                locals.add(Opcodes.TOP);
            }
            locals.add(Opcodes.TOP);
        }

        private Object[] bodyLocals() {
            List<Object> locals = new ArrayList<>(List.of(entryLocals));
            addBodyLocals(locals);
            return locals.toArray();
        }

        /**
         * At the exit: the token and the returned value (or its default) are set, and the exception
         * (or null) where the method catches.
         */
        private Object[] exitLocals() {
            List<Object> locals = new ArrayList<>(List.of(entryLocals));
            locals.add(OBJECT);
            if (returned.getSort() != Type.VOID) {
                locals.add(frameType(returned));
            }
            locals.add(catches ? THROWABLE : Opcodes.TOP);
            return locals.toArray();
        }

        private void pushDefault(Type t) {
            switch (t.getSort()) {
                case Type.LONG -> mv.visitInsn(Opcodes.LCONST_0);
                case Type.FLOAT -> mv.visitInsn(Opcodes.FCONST_0);
                case Type.DOUBLE -> mv.visitInsn(Opcodes.DCONST_0);
                case Type.OBJECT, Type.ARRAY -> mv.visitInsn(Opcodes.ACONST_NULL);
                default -> mv.visitInsn(Opcodes.ICONST_0);
            }
        }

        private static Object frameType(Type t) {
            return switch (t.getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                case Type.ARRAY -> t.getDescriptor();
                default -> t.getInternalName();
            };
        }
    }
}
