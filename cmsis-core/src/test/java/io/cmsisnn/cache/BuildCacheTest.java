package io.cmsisnn.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
    @TempDir
    Path tmp;

    @Test
    void aFingerprintIsTheSha256OfTheBytes() throws IOException {
        Path f = Files.writeString(tmp.resolve("abc.txt"), "abc");
        // FIPS 180-2's example: SHA-256("abc")
        assertThat(new BuildCache(tmp.resolve("c")).fingerprint(f))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(new BuildCache(tmp.resolve("c")).fingerprint(tmp.resolve("none"))).isEqualTo("missing");
    }

    @Test
    void anUnchangedSizeAndTimeKeepTheRecordedHashAndAnyChangeOfEitherRehashes() throws IOException {
        Path f = Files.writeString(tmp.resolve("d.bin"), "abc");
        FileTime t = Files.getLastModifiedTime(f);
        BuildCache cache = new BuildCache(tmp.resolve("c"));
        String abc = cache.fingerprint(f);
        cache.save();
        // same size, same time, other bytes: taken as unchanged (what make-like tools assume too)
        Files.writeString(f, "xyz");
        Files.setLastModifiedTime(f, t);
        assertThat(new BuildCache(tmp.resolve("c")).fingerprint(f)).isEqualTo(abc);
        // a new time makes it read the bytes again
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 1000));
        assertThat(new BuildCache(tmp.resolve("c")).fingerprint(f)).isNotEqualTo(abc);
    }

    @Test
    void keysNameTheEntriesThatChanged() {
        CacheKey a = CacheKey.builder("k").put("model", "1").put("scheme", "s8").put("gate", 1.0).build();
        CacheKey b = CacheKey.builder("k").put("model", "2").put("scheme", "s8").put("gate", 2.0).build();
        assertThat(a).isEqualTo(CacheKey.parse(a.text()));
        assertThat(a.hash()).isNotEqualTo(b.hash());
        assertThat(b.changes(a)).isEqualTo("model, gate");
    }

    @Test
    void aStampRemembersItsOutputsAndNoticesADamagedOne() throws IOException {
        BuildCache cache = new BuildCache(tmp.resolve("c"));
        Path out = Files.writeString(tmp.resolve("out.c"), "int x;");
        CacheKey key = CacheKey.builder("w").put("a", "b").build();
        cache.writeStamp("work", key, List.of(out), Map.of("summary", "fine"));
        Stamp s = cache.stamp("work");
        assertThat(s.key()).isEqualTo(key);
        assertThat(s.values()).containsEntry("summary", "fine");
        assertThat(BuildCache.damagedOutput(s)).isNull();
        Files.writeString(out, "int y;");
        assertThat(BuildCache.damagedOutput(s)).isEqualTo(out.toAbsolutePath().toString());
        Files.writeString(tmp.resolve("c").resolve("work.stamp"), "not a stamp");
        assertThat(cache.stamp("work")).isNull();
    }
}
