/* Part of cmsis-maven-plugin: stands in for upstream CMSIS-NN's arm_nnfunctions.h on the host. */
#ifndef CNN_ARM_NNFUNCTIONS_H
#define CNN_ARM_NNFUNCTIONS_H

/*
 * Generated networks include "arm_nnfunctions.h", the header firmware gets from upstream (CMSIS
 * 5.9 for q7/q15, CMSIS-NN 4 and later for s8/s16). When they are built against the bundled
 * portable kernels instead (the plugin's verify step), this header takes its place and declares
 * the same legacy and modern functions and types; the two headers share their common types.
 * Its guard differs from upstream's on purpose: cnn_legacy_nnfunctions.h tests upstream's guard
 * to decide whether to declare the shared types itself.
 */
#include "cnn_legacy_nnfunctions.h"
#include "cnn_s8_nnfunctions.h"

#endif /* CNN_ARM_NNFUNCTIONS_H */
