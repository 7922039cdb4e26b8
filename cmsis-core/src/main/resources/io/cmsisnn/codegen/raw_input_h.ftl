
/*
 * Raw input: the build read its data as model input = raw * ${NAME}_RAW_INPUT_SCALE + ${NAME}_RAW_INPUT_OFFSET
 * (the inputScale and inputOffset it was configured with). Convert raw sensor values or pixels this
 * way, in float, to get the model's input.
 */
#define ${NAME}_RAW_INPUT_SCALE ${rawInputScale}
#define ${NAME}_RAW_INPUT_OFFSET ${rawInputOffset}
