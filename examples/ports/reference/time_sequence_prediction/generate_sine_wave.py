# pytorch/examples time_sequence_prediction/generate_sine_wave.py, unchanged: writes ./traindata.pt (a numpy
# float64 array of 100 sine waves of 1000 samples, pickled by torch.save), which both train.py and the port
# (examples/ports/time_sequence_prediction/train.ts) read. Runs with /usr/bin/python3 (numpy, torch 1.13).
import numpy as np
import torch

np.random.seed(2)

T = 20
L = 1000
N = 100

x = np.empty((N, L), "int64")
x[:] = np.array(range(L)) + np.random.randint(-4 * T, 4 * T, N).reshape(N, 1)
data = np.sin(x / 1.0 / T).astype("float64")
torch.save(data, open("traindata.pt", "wb"))
