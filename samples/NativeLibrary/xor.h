/* The C interface of samples/NativeLibrary: XorNet, declared [NativeExport("xor")], published with NativeAOT as a
 * shared library. A test (NativeHeaderTests) checks these declarations against the generator's entry points.
 *
 * Every function with lengths returns 0 on success, or:
 *   -1    a null pointer;
 *   -2    a wrong input length (or, for the parameter functions, a length other than xor_parameter_count());
 *   -3    a wrong output length (or, for xor_train_sample, a wrong target length);
 *   -100  an unexpected exception, caught before it reached C.
 *
 * All functions share one network, created with seed 0's weights. xor_forward, xor_forward_batch and
 * xor_get_parameters may run on many threads at once; xor_set_parameters and xor_train_sample change the weights and must not run alongside any
 * other call. */
#ifndef XOR_H
#define XOR_H

#ifdef __cplusplus
extern "C" {
#endif

int xor_input_size(void);
int xor_output_size(void);
int xor_parameter_count(void);
int xor_forward(const float* input, int input_length, float* output, int output_length);
/* Rows stored one after another: input_length is rows × xor_input_size(), output_length rows × xor_output_size(). */
int xor_forward_batch(const float* inputs, int input_length, float* outputs, int output_length);
int xor_get_parameters(float* destination, int length);
int xor_set_parameters(const float* source, int length);
/* One SGD step on one sample; writes the sample's loss (before the step) to *loss unless loss is NULL. */
int xor_train_sample(const float* input, int input_length, const float* target, int target_length, float learning_rate, float* loss);

#ifdef __cplusplus
}
#endif

#endif
