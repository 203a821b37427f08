package io.guidestream;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one compiled class refers to, read from its constant pool (JVMS §4.4): every {@code CONSTANT_Class}
 * entry, and every class named in a descriptor or generic signature (the {@code CONSTANT_Utf8} entries that are not
 * the text of a string literal). So an inline fully qualified name counts like an import, and an import that nothing
 * uses does not count at all. A {@code static final} constant of a primitive or String type is copied into the class
 * that reads it (JLS §13.1), so that use leaves no reference: there is no dependency at run time either.
 */
final class ClassReferences {
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    private ClassReferences() {
    }

    /** The internal names ({@code io/guidestream/registry/ModelCard}) that the class file refers to. */
    static Set<String> of(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile)) {
            return read(new DataInputStream(new java.io.BufferedInputStream(in)));
        }
    }

    private static Set<String> read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        BitSet literals = new BitSet(count);
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // u2 length + modified UTF-8, exactly readUTF's format
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8 -> literals.set(in.readUnsignedShort());
                case 16, 19, 20 -> in.readUnsignedShort(); // MethodType (its descriptor is a Utf8 entry), Module, Package
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 5, 6 -> { // Long and Double take two slots
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> out = new TreeSet<>();
        BitSet names = new BitSet(count);
        for (int index : classNames) {
            names.set(index);
            String name = utf8[index];
            if (name.startsWith("[")) addFromDescriptor(name, out);
            else out.add(name);
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && !names.get(i) && !literals.get(i)) addFromDescriptor(utf8[i], out);
        }
        return out;
    }

    private static void addFromDescriptor(String text, Set<String> out) {
        Matcher m = IN_DESCRIPTOR.matcher(text);
        while (m.find()) out.add(m.group(1));
    }
}
