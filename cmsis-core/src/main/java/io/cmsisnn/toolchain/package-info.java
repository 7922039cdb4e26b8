/**
 * Building and running the generated code: finds host and Arm cross compilers, compiles the network
 * with the CMSIS-NN kernels and a test harness, runs it on the host or in QEMU and reads back its
 * outputs and memory footprint. It may import {@code io.cmsisnn.codegen} and the
 * {@code io.cmsisnn} root.
 */
package io.cmsisnn.toolchain;
