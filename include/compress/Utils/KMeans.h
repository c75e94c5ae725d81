//===- KMeans.h - 1-D k-means clustering for weight sharing ----*- C++ -*-===//
#ifndef COMPRESS_UTILS_KMEANS_H
#define COMPRESS_UTILS_KMEANS_H
// TODO(codebook): API.
#endif
