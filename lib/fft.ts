// torch.fft: the discrete Fourier transforms (fft, rfft, hfft and their 2-d, n-d and inverse forms),
// fftfreq/rfftfreq and fftshift/ifftshift, each one ATen operator generated from libtorch's schemas.
export * from "./aten_fft";
