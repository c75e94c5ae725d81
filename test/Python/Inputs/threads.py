"""compress.Model.num_threads: outputs identical at 1, 2 and 3 threads; 0 restores the
default; out-of-range values and libraries without the thread ABI raise ValueError."""
import sys

import numpy as np

import compress

model = compress.load(sys.argv[1])
x = np.load(sys.argv[2])
outs = []
for n in (1, 2, 3):
    model.num_threads = n
    print("num_threads", model.num_threads)
    outs.append(model(x))
print("identical:", all(np.array_equal(outs[0], o) and outs[0].tobytes() == o.tobytes()
                        for o in outs))
model.num_threads = 0
print("default is at least 1:", model.num_threads >= 1)
for bad in (-1, 1025, 2.0, True):
    try:
        model.num_threads = bad
        print("accepted", bad)
    except ValueError as e:
        print("ValueError:", e)
