/**
 * Data files and their samples: readers for .npy, .npz, .csv, IDX and HDF5 arrays, labels,
 * {@link io.cmsisnn.data.DataLayout} and {@link io.cmsisnn.data.SampleReader} for turning an array
 * (channels last or first) into scaled HWC samples of a model tensor, and the
 * {@link io.cmsisnn.data.TestSet} a verification runs, read by {@link io.cmsisnn.data.TestSetLoader}. It may import {@code io.cmsisnn.graph} and the
 * {@code io.cmsisnn} root.
 */
package io.cmsisnn.data;
