//===- KMeansTest.cpp - k-means unit tests --------------------------------===//
#include "compress/Utils/KMeans.h"
#include <gtest/gtest.h>
// TODO(codebook): tests.
