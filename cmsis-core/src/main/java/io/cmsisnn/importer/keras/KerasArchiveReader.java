package io.cmsisnn.importer.keras;

import io.cmsisnn.ZipEntryLimits;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.ModelImportException;
import io.jhdf.HdfFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a Keras 3 .keras archive: a zip holding {@code config.json} (the model structure) and
 * {@code model.weights.h5} (the weights, read from memory; they are small for MCU models).
 */
public final class KerasArchiveReader {

    public Graph read(Path path, String graphName) {
        Hdf5.quietLogging();
        String file = path.toString();
        String config;
        byte[] weights;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements();) {
                String name = entries.nextElement().getName();
                if (ZipEntryLimits.escapes(name)) {
                    throw new ModelImportException(file + ": the archive's entry '" + name + "' names a path outside "
                            + "the archive, which Keras never writes; the file is damaged or crafted. Save the model again "
                            + "with model.save('model.keras').");
                }
            }
            config = new String(entry(zip, file, "config.json"), StandardCharsets.UTF_8);
            if (zip.getEntry("model.weights.h5") == null && zip.getEntry("model.weights.npz") != null) {
                throw new ModelImportException(file + ": the archive stores its weights as model.weights.npz; only the default "
                        + "model.weights.h5 is supported. Save the model again with model.save('model.keras').");
            }
            weights = entry(zip, file, "model.weights.h5");
        } catch (IOException e) {
            throw new ModelImportException(file + ": not a readable Keras .keras archive (" + e.getMessage()
                    + "). The file may be truncated or damaged: copy it again, or save the model again with model.save('model.keras').", e);
        }
        KerasModel model = new ModelConfigReader(file).read(KerasJson.parse(file, "config.json", config));
        HdfFile h5;
        try {
            h5 = HdfFile.fromBytes(weights);
        } catch (RuntimeException e) {
            throw Hdf5.unreadable(file, "holds a model.weights.h5 that is not readable HDF5", e);
        }
        try (h5) {
            try {
                Hdf5.requireComplete(h5, file, "holds a model.weights.h5 that is not readable HDF5");
            } catch (ModelImportException e) {
                throw e;
            } catch (RuntimeException e) {
                throw Hdf5.unreadable(file, "holds a model.weights.h5 that is not readable HDF5", e);
            }
            return new KerasGraphAssembler(file, graphName).assemble(model, new ArchiveWeightSource(file, h5, model.layers()));
        }
    }

    private static byte[] entry(ZipFile zip, String file, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelImportException(file + ": the archive has no " + name + ", so it is not a Keras .keras model. "
                    + "Save the model with model.save('model.keras').");
        }
        byte[] bytes;
        try (InputStream in = ZipEntryLimits.limit(zip.getInputStream(e), e, reason -> new ModelImportException(file + ": "
                + reason + ". Copy the file again, or save the model again with model.save('model.keras')."))) {
            bytes = in.readAllBytes();
        }
        // ZipFile does not check the CRC of stored (uncompressed) entries, which Keras writes; Python's zipfile does
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new ZipException("the checksum of " + name + " does not match");
        }
        return bytes;
    }
}
