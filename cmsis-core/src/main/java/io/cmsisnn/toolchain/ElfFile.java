package io.cmsisnn.toolchain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The section headers and symbol table of a 32-bit little-endian ELF file (what arm-none-eabi-gcc
 * writes for Cortex-M, executables and objects alike), read without external tools.
 *
 * @param path     where it was read from, for messages
 * @param machine  {@code e_machine} (40: ARM)
 * @param sections every section, in header order (index 0 is the null section)
 * @param symbols  every symbol of {@code .symtab} but the null one, in table order
 */
public record ElfFile(Path path, int machine, List<Section> sections, List<Symbol> symbols) {
    public static final int EM_ARM = 40;

    static final int SHT_SYMTAB = 2;
    static final int SHT_NOBITS = 8;
    static final long SHF_WRITE = 0x1;
    static final long SHF_ALLOC = 0x2;
    static final long SHF_EXECINSTR = 0x4;
    static final int STT_OBJECT = 1;
    static final int STT_FUNC = 2;
    static final int STT_FILE = 4;
    static final int STB_LOCAL = 0;

    /** One section header. */
    public record Section(String name, int type, long flags, long address, long offset, long size, int link) {
        /** Takes memory on the target. */
        public boolean allocated() {
            return (flags & SHF_ALLOC) != 0;
        }

        public boolean executable() {
            return (flags & SHF_EXECINSTR) != 0;
        }

        public boolean writable() {
            return (flags & SHF_WRITE) != 0;
        }

        /** Zero-filled at start-up, nothing in the file ({@code .bss}). */
        public boolean noBits() {
            return type == SHT_NOBITS;
        }
    }

    /**
     * One symbol.
     *
     * @param section the index of the section it is defined in (0: undefined; 0xfff1: absolute)
     * @param file    for a local symbol, the source file named by the {@code STT_FILE} symbol before
     *                it (the linker groups local symbols by input file); null for globals
     */
    public record Symbol(String name, long value, long size, int type, int binding, int section, String file) {
        public boolean function() {
            return type == STT_FUNC;
        }

        public boolean object() {
            return type == STT_OBJECT;
        }

        public boolean local() {
            return binding == STB_LOCAL;
        }

        public boolean defined() {
            return section != 0;
        }
    }

    /** Bytes of allocated sections by kind, as the target's memory sees them. */
    public record SectionSizes(long code, long readOnlyData, long data, long bss) {
    }

    public ElfFile {
        sections = List.copyOf(sections);
        symbols = List.copyOf(symbols);
    }

    /**
     * @throws ToolchainException when the file cannot be read or is not a 32-bit little-endian ELF file
     */
    public static ElfFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ToolchainException("cannot read the ELF file " + path + ": " + e.getMessage(), e);
        }
        try {
            return parse(path, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ToolchainException(path + " is not a valid ELF file: it ends or points outside itself (" + e.getMessage() + ")", e);
        }
    }

    private static ElfFile parse(Path path, ByteBuffer b) {
        if (b.limit() < 52 || b.getInt(0) != 0x464c457f) {
            throw new ToolchainException(path + " is not an ELF file");
        }
        if (b.get(4) != 1 || b.get(5) != 1) {
            throw new ToolchainException(path + " is not a 32-bit little-endian ELF file (class " + b.get(4) + ", data " + b.get(5)
                    + "): Cortex-M builds are ELF32 little-endian");
        }
        int machine = Short.toUnsignedInt(b.getShort(18));
        long shoff = Integer.toUnsignedLong(b.getInt(32));
        int shentsize = Short.toUnsignedInt(b.getShort(46));
        int shnum = Short.toUnsignedInt(b.getShort(48));
        int shstrndx = Short.toUnsignedInt(b.getShort(50));
        if (shnum == 0 || shentsize < 40 || shstrndx >= shnum) {
            throw new ToolchainException(path + " has no usable section header table (" + shnum + " sections)");
        }
        int[] nameOffsets = new int[shnum];
        List<Section> raw = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int h = Math.toIntExact(shoff + (long) i * shentsize);
            nameOffsets[i] = b.getInt(h);
            raw.add(new Section("", b.getInt(h + 4), u32(b, h + 8), u32(b, h + 12), u32(b, h + 16), u32(b, h + 20), b.getInt(h + 24)));
        }
        Section names = raw.get(shstrndx);
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            Section s = raw.get(i);
            sections.add(new Section(string(b, names, nameOffsets[i]), s.type(), s.flags(), s.address(), s.offset(), s.size(), s.link()));
        }
        return new ElfFile(path, machine, sections, symbols(b, sections));
    }

    private static List<Symbol> symbols(ByteBuffer b, List<Section> sections) {
        List<Symbol> symbols = new ArrayList<>();
        for (Section table : sections) {
            if (table.type() != SHT_SYMTAB) {
                continue;
            }
            Section strings = sections.get(table.link());
            String file = null;
            // entry 0 is the null symbol
            for (long at = table.offset() + 16; at + 16 <= table.offset() + table.size(); at += 16) {
                int e = Math.toIntExact(at);
                int info = Byte.toUnsignedInt(b.get(e + 12));
                int type = info & 0xf;
                int binding = info >>> 4;
                String name = string(b, strings, b.getInt(e));
                if (type == STT_FILE) {
                    file = name;
                    continue;
                }
                symbols.add(new Symbol(name, u32(b, e + 4), u32(b, e + 8), type, binding, Short.toUnsignedInt(b.getShort(e + 14)),
                        binding == STB_LOCAL ? file : null));
            }
        }
        return symbols;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static String string(ByteBuffer b, Section table, int offset) {
        int start = Math.toIntExact(table.offset() + Integer.toUnsignedLong(offset));
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - start];
        b.get(start, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** Allocated bytes by kind: executable, read-only, initialised writable, zero-filled. */
    public SectionSizes sizes() {
        long code = 0;
        long readOnly = 0;
        long data = 0;
        long bss = 0;
        for (Section s : sections) {
            if (!s.allocated()) {
                continue;
            }
            if (s.executable()) {
                code += s.size();
            } else if (s.noBits()) {
                bss += s.size();
            } else if (s.writable()) {
                data += s.size();
            } else {
                readOnly += s.size();
            }
        }
        return new SectionSizes(code, readOnly, data, bss);
    }

    /** The section at {@code index} of the header table, or null for undefined/absolute/common indexes. */
    public Section section(int index) {
        return index > 0 && index < sections.size() ? sections.get(index) : null;
    }

    /** The symbol's section, or null when it has none in this file. */
    public Section sectionOf(Symbol symbol) {
        return section(symbol.section());
    }
}
