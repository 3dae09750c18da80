/* Calls the NativeAOT shared library through xor.h and prints what Managed/ prints (CI diffs the two). */
#include <stdio.h>
#include "xor.h"

static const float inputs[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
static const float targets[4] = {0, 1, 1, 0};

static int print_outputs(void)
{
    for (int i = 0; i < 4; i++) {
        float output;
        int status = xor_forward(inputs[i], 2, &output, 1);
        if (status != 0) {
            fprintf(stderr, "xor_forward returned %d\n", status);
            return 1;
        }
        printf("forward %g %g -> %.9g\n", inputs[i][0], inputs[i][1], output);
    }
    return 0;
}

int main(void)
{
    printf("sizes %d %d %d\n", xor_input_size(), xor_output_size(), xor_parameter_count());
    if (print_outputs() != 0) {
        return 1;
    }

    float output;
    float parameters[64];
    printf("forward with input length 3 -> %d\n", xor_forward(inputs[0], 3, &output, 1));
    printf("forward with output length 2 -> %d\n", xor_forward(inputs[0], 2, &output, 2));
    printf("forward with a null input -> %d\n", xor_forward(NULL, 2, &output, 1));
    printf("get_parameters with one too few -> %d\n", xor_get_parameters(parameters, xor_parameter_count() - 1));
    printf("forward_batch with half a row -> %d\n", xor_forward_batch(&inputs[0][0], 3, &output, 1));

    float loss = 0;
    for (int epoch = 0; epoch < 2000; epoch++) {
        for (int i = 0; i < 4; i++) {
            if (xor_train_sample(inputs[i], 2, &targets[i], 1, 0.5f, &loss) != 0) {
                fprintf(stderr, "xor_train_sample failed\n");
                return 1;
            }
        }
    }
    printf("trained 2000 epochs, last loss %.9g\n", loss);
    if (print_outputs() != 0) {
        return 1;
    }

    float batch[4];
    if (xor_forward_batch(&inputs[0][0], 8, batch, 4) != 0) {
        fprintf(stderr, "xor_forward_batch failed\n");
        return 1;
    }
    printf("forward_batch -> %.9g %.9g %.9g %.9g\n", batch[0], batch[1], batch[2], batch[3]);

    /* Parameters round-trip: read the trained weights back and set them again. */
    int count = xor_parameter_count();
    if (count > 64 || xor_get_parameters(parameters, count) != 0 || xor_set_parameters(parameters, count) != 0) {
        fprintf(stderr, "parameters did not round-trip\n");
        return 1;
    }
    printf("first parameter %.9g\n", parameters[0]);
    return 0;
}
